"""The database fails for real: a full SQLite database, one that can only be read, and a
PostgreSQL server that stops. Reading goes on where it can; writes are refused with a calm 503,
nothing is half-saved, and everything works again once the part is back."""

import shutil

import pytest
import sqlalchemy as sa
from sqlalchemy import event, func, select
from werkzeug.datastructures import MultiDict

from courseware.extensions import db
from courseware.models import CpdEntry
from tests import factories
from tests.clock import london
from tests.conftest import make_app
from tests.cpd.helpers import FINISHED


@pytest.fixture(autouse=True)
def a_day_in_march(time_machine):
    """The entries the CPD helpers make are dated a week before this."""
    time_machine.move_to(london(2026, 3, 21, 12))


LONG = "What I learned, at length. " * 250  # more than a page: the entry needs new pages


@pytest.fixture
def sqlite_app(sqlite_template, tmp_path):
    """The app on a SQLite file of its own, with a learner signed in."""
    path = tmp_path / "test.sqlite"
    shutil.copy(sqlite_template, path)
    app = make_app(f"sqlite:///{path}", tmp_path)
    with app.app_context():
        factories.make_user("learner@example.org", "Lee Learner")
        yield app
        db.session.remove()
        db.engine.dispose()


def set_on_connect(pragma: str) -> None:
    """Every new connection runs pragma; the connections already open are closed."""

    def run(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        cursor.execute(pragma)
        cursor.close()

    event.listen(db.engine, "connect", run)
    db.session.remove()
    db.engine.dispose()
    return run


def form(tokens: list, fields: dict) -> MultiDict:
    """The form's hidden tokens and its fields, as a browser sends them."""
    return MultiDict(tokens + [(key, item) for key, value in fields.items()
                               for item in (value if isinstance(value, list) else [value])])


def entries() -> int:
    """How many CPD entries the database holds, read on a connection of its own."""
    engine = sa.create_engine(db.engine.url)
    with engine.connect() as conn:
        count = conn.scalar(select(func.count()).select_from(CpdEntry))
    engine.dispose()
    return count


def test_a_full_database_refuses_writes_keeps_reading_and_recovers(sqlite_app):
    client = sqlite_app.test_client()
    factories.Auth(client).login()
    tokens = factories.form_tokens(client, "/cpd/new")
    pages = db.session.execute(sa.text("PRAGMA page_count")).scalar()
    # SQLite itself says "database or disk is full" once the file may grow no more pages.
    full = set_on_connect(f"PRAGMA max_page_count = {pages}")

    assert client.get("/cpd").status_code == 200
    assert client.get("/").status_code == 200
    refused = client.post("/cpd/new", data=form(tokens, FINISHED | {"learning": LONG}))

    assert refused.status_code == 503
    assert refused.headers["Retry-After"] == "300"
    page = refused.get_data(as_text=True)
    assert "the server has run out of space. Nothing was half-saved: try again later." in page
    assert "Sorry, something went wrong" not in page
    assert entries() == 0

    event.remove(db.engine, "connect", full)  # space comes back
    db.engine.dispose()
    saved = client.post("/cpd/new", data=form(tokens, FINISHED | {"learning": LONG}))
    assert saved.status_code == 302
    again = client.post("/cpd/new", data=form(tokens, FINISHED | {"learning": LONG}))
    assert again.status_code == 302
    assert entries() == 1


def test_a_read_only_database_refuses_writes_and_keeps_reading(sqlite_app):
    client = sqlite_app.test_client()
    factories.Auth(client).login()
    tokens = factories.form_tokens(client, "/cpd/new")
    set_on_connect("PRAGMA query_only = 1")  # SQLite: "attempt to write a readonly database"

    assert client.get("/cpd").status_code == 200
    refused = client.post("/cpd/new", data=form(tokens, FINISHED))

    assert refused.status_code == 503
    assert "our records can only be read at the moment" in refused.get_data(as_text=True)
    assert entries() == 0


def test_an_autosave_refused_answers_json_the_page_can_show(sqlite_app):
    client = sqlite_app.test_client()
    factories.Auth(client).login()
    tokens = factories.form_tokens(client, "/cpd/new")
    set_on_connect("PRAGMA query_only = 1")

    refused = client.post("/cpd/autosave", data=form(tokens, {"title": "A draft"}),
                          headers={"Accept": "application/json"})

    assert refused.status_code == 503
    assert refused.is_json
    assert "can only be read" in refused.json["detail"]
    assert entries() == 0


@pytest.fixture
def postgres_app(own_postgres, tmp_path):
    """The app on a PostgreSQL cluster the test owns, with a learner signed in."""
    app = make_app(own_postgres.url, tmp_path)
    with app.app_context():
        factories.make_user("learner@example.org", "Lee Learner")
        yield app
        db.session.remove()
        db.engine.dispose()


def test_postgresql_stopped_answers_503_loses_nothing_and_recovers(postgres_app, own_postgres):
    client = postgres_app.test_client()
    factories.Auth(client).login()
    tokens = factories.form_tokens(client, "/cpd/new")
    own_postgres.stop()

    page = client.get("/cpd")
    sent = client.post("/cpd/new", data=form(tokens, FINISHED))
    autosave = client.post("/cpd/autosave", data=form(tokens, {"title": "A draft"}),
                           headers={"Accept": "application/json"})

    assert page.status_code == sent.status_code == autosave.status_code == 503
    assert page.headers["Retry-After"] == "30"
    words = "We could not reach our records. Nothing you sent was lost: try again in a minute."
    assert words in page.get_data(as_text=True)
    assert words in sent.get_data(as_text=True)
    assert autosave.json["detail"] == words

    own_postgres.start()
    assert client.get("/cpd").status_code == 200
    assert entries() == 0  # the refused entry was not half-saved
    assert client.post("/cpd/new", data=form(tokens, FINISHED)).status_code == 302
    assert entries() == 1


def test_connections_cut_by_a_restart_are_replaced(postgres_app, own_postgres):
    client = postgres_app.test_client()
    factories.Auth(client).login()
    assert client.get("/cpd").status_code == 200  # the pool now holds a connection
    own_postgres.stop()
    own_postgres.start()

    assert client.get("/cpd").status_code == 200  # pool_pre_ping found it dead: a new one


def test_a_page_answered_as_the_database_goes_away_is_still_answered(postgres_app, own_postgres):
    client = postgres_app.test_client()
    going = []

    @postgres_app.after_request
    def database_goes_away(response):  # the page is made; its transaction is still open
        if going:
            going.pop()
            own_postgres.stop()
        return response

    factories.Auth(client).login()
    going.append(True)
    answered = client.get("/cpd")  # its rollback at the end of the request finds no server

    assert answered.status_code == 200
    own_postgres.start()
    assert client.get("/cpd").status_code == 200

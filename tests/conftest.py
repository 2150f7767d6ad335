"""Shared fixtures: an app on a fresh, migrated database per test, on SQLite and PostgreSQL."""

import os
import shutil
import socket
from datetime import datetime
from pathlib import Path

import flask_migrate
import pytest
import sqlalchemy as sa
import time_machine
from flask import has_app_context
from flask.testing import FlaskClient

from courseware import create_app, mail
from courseware.extensions import db
from tests import factories
from tests.mailbox import smtp_server

ROOT = Path(__file__).resolve().parent.parent
BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])


def pytest_configure(config):
    """TEST_CLOCK=2031-06-15 runs the suite as on a machine whose clock says that date.

    Every test that cares about the date fixes it itself; this shows none depends on the day
    it runs. The clock keeps ticking from there.
    """
    moment = os.environ.get("TEST_CLOCK")
    if moment:
        time_machine.travel(datetime.fromisoformat(moment), tick=True).start()


class FreshContextClient(FlaskClient):
    """Each request gets its own app context (fresh g and database session), as in production.

    Tests hold an app context open to use the database; without this, requests would share its
    g, so the signed-in user and CSRF token would leak from one request into the next.
    """

    def open(self, *args, **kwargs):
        outer = has_app_context()
        if outer:
            db.session.commit()  # end the test's own transaction, as a finished request would
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        if outer:
            db.session.expire_all()
        return response


def make_app(database_uri: str, tmp_path: Path, **extra):
    """An app configured for tests against the given database."""
    instance = tmp_path / "instance"
    instance.mkdir(exist_ok=True)
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": database_uri,
        "SERVER_NAME": "localhost",
        "MIGRATIONS_DIR": str(ROOT / "migrations"),
    } | extra
    app = create_app(config)
    app.instance_path = str(instance)
    app.test_client_class = FreshContextClient
    return app


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    """A SQLite file migrated once, copied for each test."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite"
    app = make_app(f"sqlite:///{path}", path.parent)
    with app.app_context():
        flask_migrate.upgrade(directory=str(ROOT / "migrations"))
        db.engine.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_url(tmp_path_factory):
    """The PostgreSQL test database, emptied and migrated once; fails if it is unreachable."""
    from courseware.config import normalise_database_url

    url = worker_database(normalise_database_url(os.environ["TEST_DATABASE_URL"]))
    engine = sa.create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(sa.text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(sa.text("CREATE SCHEMA public"))
    except sa.exc.OperationalError as error:
        pytest.fail(f"TEST_DATABASE_URL is set but PostgreSQL is unreachable: {error}")
    finally:
        engine.dispose()
    app = make_app(url, tmp_path_factory.mktemp("pg"))
    with app.app_context():
        flask_migrate.upgrade(directory=str(ROOT / "migrations"))
        db.engine.dispose()
    return url


def worker_database(url: str) -> str:
    """Under pytest-xdist, each worker's own database beside TEST_DATABASE_URL's (made if new)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return url
    base = sa.engine.make_url(url)
    name = f"{base.database}_{worker}"
    engine = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            exists = conn.execute(sa.text("SELECT 1 FROM pg_database WHERE datname = :name"),
                                  {"name": name}).first()
            if not exists:
                conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError as error:
        pytest.fail(f"TEST_DATABASE_URL is set but PostgreSQL is unreachable: {error}")
    finally:
        engine.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


def empty_postgres(url: str) -> None:
    """Remove every row from every table, keeping the migrated schema."""
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        tables = [
            row[0]
            for row in conn.execute(
                sa.text("SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                        "AND tablename <> 'alembic_version'")
            )
        ]
        if tables:
            quoted = ", ".join(f'"{name}"' for name in tables)
            conn.execute(sa.text(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture(params=BACKENDS)
def database_uri(request, tmp_path):
    """A fresh, migrated database for one test."""
    if request.param == "sqlite":
        path = tmp_path / "test.sqlite"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    url = request.getfixturevalue("postgres_url")
    empty_postgres(url)
    return url


@pytest.fixture
def app(database_uri, tmp_path):
    """The application on a fresh database, inside an app context."""
    app = make_app(database_uri, tmp_path)
    with app.app_context():
        yield app
        mail.finish_sending(app)  # no thread of this test's still reading as the next begins
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def inbox(app):
    """A real SMTP server on loopback, and the app configured to send to it."""
    with smtp_server() as (handler, port):
        app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
        yield handler


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def module(app):
    """The small fixture module, imported."""
    return factories.import_tiny_module()


@pytest.fixture
def learner(app):
    return factories.make_user("learner@example.org", "Lee Learner")


@pytest.fixture
def auth(client):
    return factories.Auth(client)


@pytest.fixture
def own_postgres(tmp_path):
    """A migrated PostgreSQL cluster of the test's own, which it may stop and start again; run
    with the other PostgreSQL tests, when TEST_DATABASE_URL is set."""
    from tests.pg_cluster import Cluster

    if not os.environ.get("TEST_DATABASE_URL"):
        pytest.skip("TEST_DATABASE_URL is not set: the PostgreSQL tests are off")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    cluster = Cluster(port)
    try:
        cluster.migrate(tmp_path)
        yield cluster
    finally:
        cluster.remove()

"""Each page runs a fixed number of SQL queries, however much data there is."""

import contextlib
import re

from sqlalchemy import event

from courseware.extensions import db
from tests.factories import import_tiny_module, make_user, post_form


@contextlib.contextmanager
def count_queries():
    """Count the SQL statements the app sends while the block runs."""
    statements: list[str] = []

    def record(conn, cursor, statement, *args):
        if not statement.startswith("BEGIN"):  # SQLite's BEGIN IMMEDIATE is not a query
            statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


def queries_for(client, url: str) -> int:
    with count_queries() as statements:
        assert client.get(url).status_code == 200, url
    return len(statements)


def more_modules(tmp_path, count: int):
    """Import more copies of the tiny module under other ids."""
    import shutil

    from tests.factories import PACKAGES

    for n in range(count):
        copy = tmp_path / f"m{n}"
        shutil.copytree(PACKAGES / "tiny-module", copy)
        text = (copy / "module.yaml").read_text().replace("id: tiny-module", f"id: tiny-{n}")
        (copy / "module.yaml").write_text(text)
        import_tiny_module(copy)


def test_page_query_counts_do_not_grow_with_data(client, auth, module, learner, tmp_path):
    auth.login()
    start = post_form(client, "/modules/tiny-module/start", {}, token_from="/modules/tiny-module")
    eid = int(re.search(r"/learn/(\d+)", start.headers["Location"]).group(1))
    pages = ["/", "/modules/tiny-module", f"/learn/{eid}/steps/welcome",
             f"/learn/{eid}/steps/check", f"/learn/{eid}/steps/my-practice", "/my-learning",
             f"/learn/{eid}/finish"]
    for url in pages:  # the first visit of a lesson records it; count the steady state
        client.get(url)
    before = {url: queries_for(client, url) for url in pages}

    more_modules(tmp_path, 3)
    for n in range(3):
        post_form(client, f"/modules/tiny-{n}/start", {}, token_from=f"/modules/tiny-{n}")
    make_user("someone@example.org")
    assert queries_for(client, "/") == 3  # the new modules' cards are made once, in one query
    after = {url: queries_for(client, url) for url in pages}
    assert after == before
    # The counts themselves, so that a change which adds queries is a visible decision.
    assert before == {
        "/": 2,
        "/modules/tiny-module": 6,
        f"/learn/{eid}/steps/welcome": 3,  # the user, the enrolment with its steps done, where
        f"/learn/{eid}/steps/check": 4,  # the learner is now; and the quiz's attempts
        f"/learn/{eid}/steps/my-practice": 4,  # or the saved reflection
        "/my-learning": 3,  # enrolments, assignments, the user
        f"/learn/{eid}/finish": 4,
    }


def test_the_user_and_their_sign_in_come_in_one_query(client, auth, learner):
    """Each signed-in page checks its sign-in on the server at no extra cost: one statement
    loads the user and the sign-in together, and nothing is written until the cookie is."""
    auth.login()
    client.get("/my-learning")
    with count_queries() as statements:
        assert client.get("/my-learning").status_code == 200
    loads = [s for s in statements if '"user"' in s or " user " in s.lower()]
    [user_query] = [s for s in loads if "sign_in" in s]
    assert "JOIN sign_in" in user_query
    assert not any(s.lstrip().upper().startswith(("UPDATE", "INSERT")) for s in statements)

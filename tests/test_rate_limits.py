"""The rate limit counters in the database: atomic, windowed, apart from the request's session."""

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from courseware import clock
from courseware.extensions import db, limiter
from courseware.models import RateLimitCounter, User
from courseware.rate_limits import DatabaseStorage
from tests.clock import london


@pytest.fixture
def storage(app, time_machine):
    time_machine.move_to(london(2026, 3, 21, 12), tick=False)
    return DatabaseStorage("database://")


def rows() -> int:
    return db.session.scalar(select(func.count()).select_from(RateLimitCounter))


def test_the_app_counts_in_the_database_by_default(app):
    assert app.config["RATELIMIT_STORAGE_URI"] == "database://"
    assert isinstance(limiter.storage, DatabaseStorage)


def test_a_window_counts_then_starts_again_once_it_ends(storage, time_machine):
    assert [storage.incr("k", 600) for _ in range(3)] == [1, 2, 3]
    assert storage.get("k") == 3
    assert storage.get_expiry("k") == clock.now().timestamp() + 600
    time_machine.move_to(london(2026, 3, 21, 12, 9, 59), tick=False)
    assert storage.incr("k", 600) == 4  # the same window: its end does not move
    assert storage.get_expiry("k") == london(2026, 3, 21, 12, 10).timestamp()
    time_machine.move_to(london(2026, 3, 21, 12, 10), tick=False)
    assert storage.get("k") == 0
    assert storage.incr("k", 600) == 1
    assert storage.get_expiry("k") == london(2026, 3, 21, 12, 20).timestamp()


def test_giving_back_never_goes_below_nothing_nor_opens_a_window(storage):
    storage.incr("k", 60)
    assert storage.incr("k", 60, amount=-1) == 0
    assert storage.incr("k", 60, amount=-1) == 0
    assert storage.incr("nothing-yet", 60, amount=-1) == 0
    assert storage.get("nothing-yet") == 0 and rows() == 1


def test_ended_windows_are_cleared_when_a_new_one_starts(storage, time_machine):
    for n in range(5):
        storage.incr(f"old-{n}", 60)
    storage.incr("long", 3600)
    time_machine.move_to(clock.now() + timedelta(minutes=2), tick=False)
    storage.incr("old-0", 60)  # a new window for this key: the four others that ended go
    assert rows() == 2 and storage.get("long") == 1


def test_clear_reset_and_long_keys(storage):
    long_key = "x" * 1000
    assert storage.incr(long_key, 60) == 1 and storage.incr(long_key, 60) == 2
    storage.incr("other", 60)
    storage.clear(long_key)
    assert storage.get(long_key) == 0 and storage.get("other") == 1
    assert storage.check()
    assert storage.reset() == 1 and rows() == 0


def test_increments_are_atomic_across_connections(app, storage):
    counts, errors = [], []

    def count_many():
        try:
            with app.app_context():
                counts.extend(storage.incr("shared", 600) for _ in range(25))
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=count_many) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(counts) == list(range(1, 101))  # every count seen once: none lost or doubled


def test_counting_never_commits_nor_rolls_back_the_request(app, storage):
    postgres = db.engine.dialect.name == "postgresql"
    with app.test_request_context("/login", method="POST" if postgres else "GET"):
        if postgres:  # SQLite has one writer: there a request counts before it writes (below)
            db.session.add(User(email="new@example.org", name="New", password_hash="x"))
            db.session.flush()
        else:
            db.session.execute(select(User.id))
        assert storage.incr("k", 60) == 1
        db.session.rollback()
    assert storage.get("k") == 1
    assert db.session.scalar(select(User).where(User.email == "new@example.org")) is None


@pytest.mark.parametrize("database_uri", ["sqlite"], indirect=True)  # one writer at a time
def test_counting_while_the_request_holds_sqlites_write_lock_fails_at_once(app, storage):
    with app.test_request_context("/account/delete", method="POST"):
        db.session.execute(select(User.id))  # a POST's transaction takes the write lock
        with pytest.raises(RuntimeError, match="write lock"):
            storage.incr("k", 60)
        db.session.rollback()
        assert storage.incr("k", 60) == 1  # once it has ended, counting works

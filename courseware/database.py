"""Database engine settings: SQLite tuned for several processes; PostgreSQL as it comes."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from flask import Flask, current_app, g, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

from courseware.extensions import db

SQLITE_BUSY_TIMEOUT_MS = 15_000
READING_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


def configure_engine(app: Flask, engine: Engine) -> None:
    """Set SQLite up for a multi-process server: WAL, a busy timeout, and write locks up front.

    A transaction that may write starts with BEGIN IMMEDIATE, so it takes the write lock when it
    begins and waits (up to the busy timeout) for another writer to finish, instead of failing
    part-way with "database is locked" when a read turns into a write. A page being read (GET)
    starts a plain BEGIN and so never waits for writers: WAL lets readers and one writer run
    together. A GET that does write calls `about_to_write()` first. Under TESTING, a write in a
    plain (reading) transaction raises, so a GET that forgets is found by the suite. A
    connection of its own (the rate limit counters) says with execution_options(writes=...)
    which it needs, whatever the request.
    """
    if engine.dialect.name != "sqlite":
        return
    timeout = app.config.get("SQLITE_BUSY_TIMEOUT_MS", SQLITE_BUSY_TIMEOUT_MS)

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(timeout)}")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection):
        chosen = connection.get_execution_options().get("writes")
        writing = may_write() if chosen is None else chosen
        connection.info["reading"] = not writing
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")
        if writing and chosen is None and has_request_context():
            g.courseware_write_lock = True  # the request's own session holds the lock

    @event.listens_for(engine, "commit")
    @event.listens_for(engine, "rollback")
    def on_end(connection):
        if connection.get_execution_options().get("writes") is None and has_request_context():
            g.pop("courseware_write_lock", None)

    if app.testing:
        @event.listens_for(engine, "before_cursor_execute")
        def refuse_unlocked_writes(connection, _cursor, statement, *_args):
            if connection.info.get("reading") and statement.lstrip().upper().startswith(WRITES):
                raise AssertionError(
                    f"a GET request wrote without calling about_to_write(): {statement[:80]}")


def holds_write_lock() -> bool:
    """Whether this request's session holds SQLite's write lock, so that no other connection
    in this process can write until it ends (always False on PostgreSQL)."""
    return has_request_context() and g.get("courseware_write_lock", False)


def may_write() -> bool:
    """Whether a transaction starting now may write: not while a page is read (GET), nor while
    a `reads_first` form is read; yes once either has called about_to_write(), and elsewhere."""
    if not has_request_context() or g.get("courseware_writes", False):
        return True
    if request.method in READING_METHODS:
        return False
    view = current_app.view_functions.get(request.endpoint)
    return not getattr(view, "reads_first", False)


def reads_first(view: Callable) -> Callable:
    """Mark a POST view that reads in a plain transaction, then calls about_to_write() to write
    briefly with the lock: for writes that stay right whatever changed in between (inserting a
    new row, or an insert that ignores duplicates), so that writers hold the lock for less."""
    view.reads_first = True
    return view


def about_to_write() -> None:
    """In a GET request (or a reads_first view), before writing: end the reading transaction, so
    that the write goes in a new one that takes SQLite's write lock from its start. Loaded
    objects stay usable. Elsewhere (other POSTs, commands) it does nothing: they hold the lock."""
    if not may_write():
        g.courseware_writes = True
        db.session.commit()


@contextmanager
def write_apart() -> Iterator[None]:
    """A small write in a transaction of its own, committed at once; a page being read (GET)
    then goes on reading in a plain transaction, without holding SQLite's write lock."""
    writing = g.get("courseware_writes", False) if has_request_context() else True
    about_to_write()
    try:
        yield
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    finally:
        if has_request_context():
            g.courseware_writes = writing

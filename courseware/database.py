"""Database engine settings: SQLite tuned for several processes; PostgreSQL as it comes."""

from flask import Flask, g, has_request_context, request
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
    plain (reading) transaction raises, so a GET that forgets is found by the suite.
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
        writing = may_write()
        connection.info["reading"] = not writing
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")

    if app.testing:
        @event.listens_for(engine, "before_cursor_execute")
        def refuse_unlocked_writes(connection, _cursor, statement, *_args):
            if connection.info.get("reading") and statement.lstrip().upper().startswith(WRITES):
                raise AssertionError(
                    f"a GET request wrote without calling about_to_write(): {statement[:80]}")


def may_write() -> bool:
    """Whether a transaction starting now may write: outside GET requests, or once announced."""
    if not has_request_context():
        return True
    return request.method not in READING_METHODS or g.get("courseware_writes", False)


def about_to_write() -> None:
    """In a GET request, before writing: end the reading transaction, so that the write goes in
    a new one that takes SQLite's write lock from its start. Loaded objects stay usable.
    Elsewhere (POST requests, commands) it does nothing: those transactions hold the lock."""
    if not may_write():
        g.courseware_writes = True
        db.session.commit()

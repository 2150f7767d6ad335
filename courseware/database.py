"""Database engine settings: SQLite tuned for several processes; PostgreSQL as it comes."""

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

SQLITE_BUSY_TIMEOUT_MS = 15_000


def configure_engine(app: Flask, engine: Engine) -> None:
    """Set SQLite up for a multi-process server: WAL, a busy timeout, and write locks up front.

    Every transaction starts with BEGIN IMMEDIATE, so it takes the write lock when it begins and
    waits (up to the busy timeout) for another writer to finish, instead of failing part-way
    with "database is locked" when a read turns into a write.
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
        connection.exec_driver_sql("BEGIN IMMEDIATE")

"""Which database errors mean it cannot be reached or cannot take a write, and what to say.

PostgreSQL restarted or unreachable, a SQLite disk that is full, or a database file that can
only be read: errors.py rolls the request back and answers a calm 503 with these words. Other
database errors (a broken constraint, say) are bugs, and stay 500s.
"""

from __future__ import annotations

import sqlite3

from sqlalchemy import exc

UNREACHABLE = "unreachable"
FULL = "full"
READ_ONLY = "read-only"

WORDS = {
    UNREACHABLE: ("We could not reach our records",
                  "We could not reach our records. Nothing you sent was lost: try again in a "
                  "minute."),
    FULL: ("We could not save this just now",
           "We could not save this just now because the server has run out of space. Nothing "
           "was half-saved: try again later."),
    READ_ONLY: ("We could not save this just now",
                "We could not save this just now because our records can only be read at the "
                "moment. Nothing was half-saved: try again later."),
}
RETRY_AFTER = {UNREACHABLE: 30, FULL: 300, READ_ONLY: 300}

# SQLite result codes (the low byte of the extended code) that mean the file cannot be used
# or written, whatever the statement was: SQLITE_FULL, SQLITE_READONLY, SQLITE_CANTOPEN and
# SQLITE_IOERR.
SQLITE_KINDS = {13: FULL, 8: READ_ONLY, 14: UNREACHABLE, 10: UNREACHABLE}
# PostgreSQL SQLSTATEs for a server that is going away or not yet ready; class 08 is any
# connection exception.
POSTGRES_GONE = frozenset({"57P01", "57P02", "57P03"})


def outage_kind(error: BaseException | None) -> str | None:
    """UNREACHABLE, FULL or READ_ONLY when error means the database cannot serve; else None."""
    while error is not None and not isinstance(error, exc.SQLAlchemyError):
        error = error.__cause__ or error.__context__  # an outage raised inside another error
    if isinstance(error, exc.DisconnectionError):
        return UNREACHABLE
    if not isinstance(error, exc.DBAPIError):
        return None
    if error.connection_invalidated or isinstance(error, exc.InterfaceError):
        return UNREACHABLE
    if not isinstance(error, exc.OperationalError):
        return None
    original = error.orig
    if isinstance(original, sqlite3.Error):
        return SQLITE_KINDS.get(getattr(original, "sqlite_errorcode", -1) & 0xFF)
    state = getattr(original, "sqlstate", None)
    if state is None or state.startswith("08") or state in POSTGRES_GONE:
        return UNREACHABLE  # no SQLSTATE: the client could not connect or lost the server
    return None

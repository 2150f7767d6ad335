"""What the reports' queries say differently on SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import extract, func

from courseware.extensions import db


def dialect() -> str:
    """The name of the database kind in use: 'sqlite' or 'postgresql'."""
    return db.session.get_bind().dialect.name


def month_of(column):
    """'2026-03' for a timestamp, on SQLite and PostgreSQL."""
    if dialect() == "postgresql":
        return func.to_char(column, "YYYY-MM")
    return func.strftime("%Y-%m", column)


def seconds_between(start, end):
    """The seconds from one timestamp to another, on SQLite and PostgreSQL."""
    if dialect() == "postgresql":
        return extract("epoch", end - start)
    return (func.julianday(end) - func.julianday(start)) * 86400.0

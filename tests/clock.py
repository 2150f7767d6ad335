"""Moments for tests that fix the clock (with time-machine)."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def london(*when: int) -> datetime:
    """A moment on a London wall clock: london(2026, 11, 30, 23, 59)."""
    return datetime(*when, tzinfo=LONDON)


def daytime_zone() -> str:
    """A time zone where it is about noon now (on the machine's clock): emails decided there are
    due at once (the app holds those decided at night until 8 a.m.), whatever the hour the
    tests that run real servers run."""
    offset = (12 - datetime.now(UTC).hour + 12) % 24 - 12
    return f"Etc/GMT{-offset:+d}"

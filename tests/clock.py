"""Moments for tests that fix the clock (with time-machine)."""

from datetime import datetime
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def london(*when: int) -> datetime:
    """A moment on a London wall clock: london(2026, 11, 30, 23, 59)."""
    return datetime(*when, tzinfo=LONDON)

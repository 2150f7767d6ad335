"""The one clock: every "now" and "today" in the app comes from here, so tests can fix time."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import current_app, has_app_context

DEFAULT_TIMEZONE = "Europe/London"


def now() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(UTC)


def timezone() -> str:
    """Where the learners are: CPD_TIMEZONE, Europe/London by default."""
    if has_app_context():
        return current_app.config.get("CPD_TIMEZONE", DEFAULT_TIMEZONE)
    return DEFAULT_TIMEZONE


def local_today(moment: datetime, zone: str = DEFAULT_TIMEZONE) -> date:
    """The date in a time zone (the UK by default) at an aware moment."""
    try:
        return moment.astimezone(ZoneInfo(zone)).date()
    except ZoneInfoNotFoundError:
        return moment.date()


def day_of(moment: datetime) -> date:
    """The date a stored moment fell on where the learners are."""
    return local_today(moment, timezone())


def start_of(day: date) -> datetime:
    """The first moment of a day where the learners are, in UTC (as moments are stored)."""
    try:
        zone = ZoneInfo(timezone())
    except ZoneInfoNotFoundError:
        zone = UTC
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)


def today() -> date:
    """Today's date where the learners are."""
    return local_today(now(), timezone())

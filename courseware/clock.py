"""The one clock: every "now" and "today" in the app comes from here, so tests can fix time."""

from datetime import UTC, date, datetime
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


def today() -> date:
    """Today's date where the learners are."""
    return local_today(now(), timezone())

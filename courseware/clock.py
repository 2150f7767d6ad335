"""The one clock: every "now" and "today" in the app comes from here, so tests can fix time.

Moments are stored in UTC; people read dates and times on the wall clock where the learners are
(CPD_TIMEZONE), never in UTC; the factory offers `day_text` and `time_text` to every template as
the filters `day` and `local_time`.
"""

from __future__ import annotations

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


def _zone(name: str | None) -> ZoneInfo:
    """A time zone by name (the configured one when None); an unknown name is the default."""
    try:
        return ZoneInfo(name or timezone())
    except ZoneInfoNotFoundError:
        return ZoneInfo(DEFAULT_TIMEZONE)


def local(moment: datetime, zone: str | None = None) -> datetime:
    """An aware moment on the wall clock where the learners are, or of another time zone (a
    naive moment is taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(_zone(zone))


def day_of(moment: datetime, zone: str | None = None) -> date:
    """The date a moment fell on where the learners are (or in another time zone)."""
    return local(moment, zone).date()


def today() -> date:
    """Today's date where the learners are."""
    return day_of(now())


def start_of(day: date, hour: int = 0) -> datetime:
    """The first moment of a day (or of an hour of it) where the learners are, in UTC (as
    moments are stored)."""
    return datetime.combine(day, time(hour), tzinfo=_zone(None)).astimezone(UTC)


def day_text(value: date | datetime | None, zone: str | None = None) -> str:
    """14 March 2026: a date as it is, a moment as the date it was where the learners are."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        value = local(value, zone)
    return f"{value:%-d %B %Y}"


def time_text(moment: datetime | None, zone: str | None = None, seconds: bool = False) -> str:
    """14 March 2026 at 09:30 (with seconds if asked), on the wall clock where the learners are."""
    if moment is None:
        return ""
    moment = local(moment, zone)
    return f"{moment:%-d %B %Y} at {moment:%H:%M:%S}" if seconds else \
        f"{moment:%-d %B %Y} at {moment:%H:%M}"



def span_text(minutes: int, in_days: bool = False) -> str:
    """A length of time in words: '1 hour 30 minutes', or with days '2 days 3 hours'."""
    days, rest = divmod(minutes, 24 * 60) if in_days else (0, minutes)
    hours, mins = divmod(rest, 60)
    units = ((days, "day"), (hours, "hour"), (0 if days else mins, "minute"))
    return " ".join(f"{n} {unit}{'s' if n != 1 else ''}" for n, unit in units if n)

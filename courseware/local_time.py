"""Dates and times as people read them: in the learners' time zone (CPD_TIMEZONE), never UTC.

Moments are stored in UTC; these turn them into the wall-clock date and time where the learners
are, and offer them to every template as the filters `day` and `local_time`.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import Flask

from courseware import clock


def local(moment: datetime, zone: str) -> datetime:
    """An aware moment on the wall clock of a time zone (a naive one is taken as UTC)."""
    try:
        where = ZoneInfo(zone)
    except ZoneInfoNotFoundError:
        where = ZoneInfo(clock.DEFAULT_TIMEZONE)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo("UTC"))
    return moment.astimezone(where)


def day_text(value: date | datetime | None, zone: str = clock.DEFAULT_TIMEZONE) -> str:
    """14 March 2026: a date as it is, a moment as the date it was in the time zone."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        value = local(value, zone)
    return f"{value:%-d %B %Y}"


def time_text(moment: datetime | None, zone: str = clock.DEFAULT_TIMEZONE,
              seconds: bool = False) -> str:
    """14 March 2026 at 09:30 (with seconds if asked), on the time zone's wall clock."""
    if moment is None:
        return ""
    moment = local(moment, zone)
    return f"{moment:%-d %B %Y} at {moment:%H:%M:%S}" if seconds else \
        f"{moment:%-d %B %Y} at {moment:%H:%M}"


def init_app(app: Flask) -> None:
    """Offer `value|day` and `moment|local_time` to every template."""

    @app.template_filter("day")
    def day_filter(value: date | datetime | None) -> str:
        return day_text(value, clock.timezone())

    @app.template_filter("local_time")
    def local_time_filter(moment: datetime | None, seconds: bool = False) -> str:
        return time_text(moment, clock.timezone(), seconds)

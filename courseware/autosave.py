"""What an autosave answers: when the draft was saved, on the learner's clock (never UTC)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from courseware import clock


def local_time(moment: datetime, zone: str | None = None) -> datetime:
    """An aware moment on the wall clock where the learners are (CPD_TIMEZONE)."""
    try:
        return moment.astimezone(ZoneInfo(zone or clock.timezone()))
    except ZoneInfoNotFoundError:
        return moment


def saved_message(moment: datetime, zone: str | None = None) -> str:
    """"Draft saved at 14:32", in the learners' time zone."""
    return f"Draft saved at {local_time(moment, zone):%H:%M}"


def saved_when(moment: datetime, zone: str | None = None) -> str:
    """"1 July 2026 at 14:32", in the learners' time zone."""
    local = local_time(moment, zone)
    return f"{local.day} {local:%B %Y} at {local:%H:%M}"

"""What an autosave answers: when the draft was saved, on the learners' clock (never UTC)."""

from __future__ import annotations

from datetime import datetime

from courseware import clock


def saved_message(moment: datetime, zone: str | None = None) -> str:
    """"Draft saved at 14:32", in the learners' time zone."""
    return f"Draft saved at {clock.local(moment, zone):%H:%M}"

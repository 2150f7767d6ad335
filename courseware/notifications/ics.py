"""Calendar events (RFC 5545, made with icalendar): one all-day event per date a person should
not miss, for an email's attachment and for the private calendar feed alike."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from icalendar import Calendar, Event

from courseware import clock

PRODUCT = "-//CPD Learning//Courseware//EN"


@dataclass(frozen=True)
class Day:
    """Something due on a day: a module's due date, the CPD deadline, a certificate's expiry."""

    uid: str  # the same for the same thing, so calendars update it rather than add another
    day: date
    summary: str
    description: str = ""
    url: str | None = None


def calendar(days: list[Day], name: str | None = None, method: str | None = None) -> bytes:
    """A calendar holding each day as an all-day event."""
    cal = Calendar()
    cal.add("prodid", PRODUCT)
    cal.add("version", "2.0")
    if method:
        cal.add("method", method)
    if name:
        cal.add("x-wr-calname", name)
    stamp: datetime = clock.now()
    for item in days:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", item.day)
        event.add("dtend", item.day + timedelta(days=1))
        event.add("summary", item.summary)
        event.add("transp", "TRANSPARENT")  # a reminder, not a busy day
        if item.description:
            event.add("description", item.description)
        if item.url:
            event.add("url", item.url)
        cal.add_component(event)
    return cal.to_ical()

"""The registration year and the year-at-a-glance panel: plain functions, dates passed in; the
rules in force come from the configuration."""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app

from courseware.clock import day_text


@dataclass(frozen=True)
class Rules:
    """What a registration year asks for; from configuration."""

    end_month: int = 11
    end_day: int = 30
    minimum_entries: int = 2
    minimum_peer: int = 1

    @classmethod
    def from_config(cls, config) -> Rules:
        """Read CPD_YEAR_END_MONTH, CPD_YEAR_END_DAY, CPD_MIN_ENTRIES and CPD_MIN_PEER."""
        rules = cls(
            end_month=int(config.get("CPD_YEAR_END_MONTH", 11)),
            end_day=int(config.get("CPD_YEAR_END_DAY", 30)),
            minimum_entries=int(config.get("CPD_MIN_ENTRIES", 2)),
            minimum_peer=int(config.get("CPD_MIN_PEER", 1)),
        )
        if not 1 <= rules.end_month <= 12 or not 1 <= rules.end_day <= 31:
            raise ValueError("CPD_YEAR_END_MONTH and CPD_YEAR_END_DAY must make a date")
        if rules.minimum_entries < 0 or rules.minimum_peer < 0:
            raise ValueError("CPD_MIN_ENTRIES and CPD_MIN_PEER cannot be negative")
        return rules


def rules() -> Rules:
    """The registration-year rules in force: from the app's configuration."""
    return Rules.from_config(current_app.config)


@dataclass(frozen=True)
class Year:
    """One registration year: from the day after one deadline to the next deadline."""

    start: date
    end: date

    @property
    def label(self) -> str:
        return f"{day_text(self.start)} to {day_text(self.end)}"

    def __contains__(self, day: date | None) -> bool:
        return day is not None and self.start <= day <= self.end


def deadline_in(year: int, rules: Rules) -> date:
    """The year's deadline; a day past the end of the month (29 February) becomes its last day."""
    last = calendar.monthrange(year, rules.end_month)[1]
    return date(year, rules.end_month, min(rules.end_day, last))


def year_ending(end_year: int, rules: Rules) -> Year:
    """The registration year whose deadline falls in end_year."""
    return Year(deadline_in(end_year - 1, rules) + timedelta(days=1), deadline_in(end_year, rules))


def year_of(day: date, rules: Rules) -> Year:
    """The registration year a day belongs to: the deadline day itself is in the year it ends."""
    end_year = day.year if day <= deadline_in(day.year, rules) else day.year + 1
    return year_ending(end_year, rules)


@dataclass(frozen=True)
class EntryFacts:
    """What the panel needs to know about one entry (no reflective text)."""

    activity_date: date | None
    is_draft: bool
    has_peer_reflection: bool


@dataclass(frozen=True)
class Panel:
    """The year at a glance."""

    year: Year
    recorded: int
    minimum_entries: int
    with_peer: int
    minimum_peer: int
    drafts: int
    days_left: int

    @property
    def entries_met(self) -> bool:
        return self.recorded >= self.minimum_entries

    @property
    def peer_met(self) -> bool:
        return self.with_peer >= self.minimum_peer

    @property
    def met(self) -> bool:
        return self.entries_met and self.peer_met

    @property
    def entries_needed(self) -> int:
        return max(0, self.minimum_entries - self.recorded)

    @property
    def peer_needed(self) -> int:
        return max(0, self.minimum_peer - self.with_peer)

    @property
    def status(self) -> str:
        """complete, due-today (the deadline is today) or to-do."""
        if self.met:
            return "complete"
        return "due-today" if self.days_left == 0 else "to-do"


def panel(entries: Iterable[EntryFacts], today: date, rules: Rules,
          year: Year | None = None) -> Panel:
    """Count a registration year's entries (the current one unless told) against the rules."""
    year = year or year_of(today, rules)
    recorded = with_peer = drafts = 0
    for entry in entries:
        if entry.is_draft:
            drafts += 1
        elif entry.activity_date in year:
            recorded += 1
            with_peer += entry.has_peer_reflection
    return Panel(year, recorded, rules.minimum_entries, with_peer, rules.minimum_peer, drafts,
                 (year.end - today).days)


# For this long after a deadline, the record reminds a person who fell short that activities of
# that year can still be recorded with their real dates.
JUST_ENDED_DAYS = 42


def year_before(year: Year, rules: Rules) -> Year:
    """The registration year before this one."""
    return year_ending(year.end.year - 1, rules)


def just_ended(p: Panel, today: date) -> bool:
    """True in the six weeks after the panel's year ended."""
    return 0 < (today - p.year.end).days <= JUST_ENDED_DAYS


def show_year_before(p: Panel, today: date) -> bool:
    """Whether the record shows the year before the current one: when it has entries, or for
    six weeks after its deadline (so a person who missed it yesterday sees where they stand)."""
    return p.recorded > 0 or just_ended(p, today)


def _entries(n: int) -> str:
    return f"{n} {'entry' if n == 1 else 'entries'}"


def _more(n: int) -> str:
    return f"{n} more {'entry' if n == 1 else 'entries'}"


def to_do(p: Panel) -> str:
    """What is left to do this year, in one plain sentence."""
    if p.met:
        return "You have recorded enough CPD for this year. You can keep adding entries."
    if p.entries_needed and p.peer_needed:
        need = (f"Record {_more(p.entries_needed)}, with peer reflection in at least "
                f"{_entries(p.peer_needed)},")
    elif p.entries_needed:
        need = f"Record {_more(p.entries_needed)}"
    else:
        need = f"Add peer reflection to {_entries(p.peer_needed)}"
    when = "today: the deadline is today." if p.days_left == 0 else f"by {day_text(p.year.end)}."
    return f"{need} {when}"


def standing(p: Panel) -> str:
    """Where a person stands this year, in a few words: 1 of 2 entries; none with a peer
    reflection yet."""
    entries = f"{p.recorded} of {_entries(p.minimum_entries)}"
    if not p.minimum_peer:
        return entries
    if p.with_peer == 0:
        return f"{entries}; none with a peer reflection yet"
    return f"{entries}; {p.with_peer} with a peer reflection"


def year_phrase(year: Year, today: date) -> str:
    """A registration year named as a person would on the day: this registration year, the
    year that ended yesterday, the year that ended on 30 November 2025."""
    if today in year:
        return "this registration year"
    if today < year.start:
        return f"the year that starts on {day_text(year.start)}"
    if (today - year.end).days == 1:
        return "the year that ended yesterday"
    return f"the year that ended on {day_text(year.end)}"


def counts_towards(day: date | None, today: date, rules: Rules) -> str:
    """Which registration year an entry of this date counts towards, in one sentence."""
    if day is None:
        return ("It has no date, so it counts towards no year yet. Change the entry to add the "
                "day it happened.")
    year = year_of(day, rules)
    return f"It counts towards your CPD for {year.label}, {year_phrase(year, today)}."


def will_count_towards(day: date | None, today: date, rules: Rules) -> str:
    """What a draft of this date will count towards once finished, in plain sentences."""
    if day is None:
        return "It does not count until you finish it."
    year = year_of(day, rules)
    return (f"It does not count until you finish it. Then it will count towards your CPD for "
            f"{year.label}, {year_phrase(year, today)}.")

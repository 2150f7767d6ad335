"""The registration years a record page offers, from a person's entries."""

from __future__ import annotations

from courseware.domain.cpd_year import EntryFacts, Rules, Year, year_of
from courseware.models import CpdEntry


def entry_facts(entries: list[CpdEntry]) -> list[EntryFacts]:
    """What the year's rules need of each entry."""
    return [EntryFacts(e.activity_date, e.is_draft, e.has_peer_reflection) for e in entries]


def years_shown(entries: list[CpdEntry], current: Year, rules: Rules) -> list[int]:
    """The end years of the current year and of every year with a finished entry, latest first."""
    return sorted({year_of(e.activity_date, rules).end.year
                   for e in entries if e.activity_date and not e.is_draft}
                  | {current.end.year}, reverse=True)

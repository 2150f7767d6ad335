"""The registration years a record page offers, from a person's entries."""

from __future__ import annotations

from courseware.domain.cpd_standing import entry_facts
from courseware.domain.cpd_year import Rules, Year, year_of
from courseware.models import CpdEntry

__all__ = ["entry_facts", "years_shown"]


def years_shown(entries: list[CpdEntry], current: Year, rules: Rules) -> list[int]:
    """The end years of the current year and of every year with a finished entry, latest first."""
    return sorted({year_of(e.activity_date, rules).end.year
                   for e in entries if e.activity_date and not e.is_draft}
                  | {current.end.year}, reverse=True)

"""The registration year and its panel, with fixed dates on either side of the deadline."""

from datetime import UTC, date, datetime

import pytest

from courseware.clock import day_of
from courseware.domain.cpd_year import (
    EntryFacts,
    Rules,
    deadline_in,
    panel,
    to_do,
    year_ending,
    year_of,
)

RULES = Rules()


def entry(day, draft=False, peer=False):
    return EntryFacts(day, draft, peer)


def test_the_deadline_day_belongs_to_the_year_it_ends():
    assert year_of(date(2026, 11, 30), RULES) == year_ending(2026, RULES)
    assert year_of(date(2026, 12, 1), RULES) == year_ending(2027, RULES)
    year = year_ending(2026, RULES)
    assert (year.start, year.end) == (date(2025, 12, 1), date(2026, 11, 30))
    assert year.label == "1 December 2025 to 30 November 2026"
    assert date(2025, 11, 30) not in year and date(2025, 12, 1) in year and None not in year


def test_panel_the_day_before_the_deadline_counts_the_year_so_far():
    entries = [
        entry(date(2025, 12, 1), peer=True),   # first day of the year
        entry(date(2026, 11, 29)),             # the day before the deadline
        entry(date(2025, 11, 30), peer=True),  # last year's deadline day: last year
        entry(date(2026, 6, 1), draft=True),   # drafts never count
        entry(None, draft=True),
    ]
    p = panel(entries, date(2026, 11, 29), RULES)
    assert (p.recorded, p.with_peer, p.drafts, p.days_left) == (2, 1, 2, 1)
    assert p.met and p.status == "complete"
    assert to_do(p).startswith("You have recorded enough CPD for this year.")


def test_panel_on_the_deadline_and_the_day_after():
    entries = [entry(date(2026, 3, 1)), entry(date(2026, 11, 30), peer=False)]
    on = panel(entries, date(2026, 11, 30), RULES)
    assert (on.recorded, on.with_peer, on.days_left, on.status) == (2, 0, 0, "due-today")
    assert to_do(on) == "Add peer reflection to 1 entry today: the deadline is today."

    after = panel(entries, date(2026, 12, 1), RULES)  # a new year starts empty
    assert after.year == year_ending(2027, RULES)
    assert (after.recorded, after.with_peer, after.days_left) == (0, 0, 364)
    assert not after.met and after.status == "to-do"
    assert to_do(after) == ("Record 2 more entries, with peer reflection in at least 1 entry, "
                            "by 30 November 2027.")


def test_to_do_when_only_entries_are_missing():
    p = panel([entry(date(2026, 2, 1), peer=True)], date(2026, 2, 2), RULES)
    assert to_do(p) == "Record 1 more entry by 30 November 2026."


def test_rules_come_from_configuration():
    rules = Rules.from_config({"CPD_YEAR_END_MONTH": 3, "CPD_YEAR_END_DAY": 31,
                               "CPD_MIN_ENTRIES": 3, "CPD_MIN_PEER": 2})
    assert year_of(date(2026, 4, 1), rules).end == date(2027, 3, 31)
    p = panel([entry(date(2026, 4, 1), peer=True)] * 3, date(2026, 4, 2), rules)
    assert (p.recorded, p.minimum_entries, p.with_peer, p.minimum_peer) == (3, 3, 3, 2)
    assert p.met
    assert Rules.from_config({}) == Rules(11, 30, 2, 1)
    with pytest.raises(ValueError):
        Rules.from_config({"CPD_YEAR_END_MONTH": 13})
    with pytest.raises(ValueError):
        Rules.from_config({"CPD_MIN_ENTRIES": -1})


def test_a_deadline_of_29_february_falls_back_to_the_last_day():
    rules = Rules(end_month=2, end_day=29)
    assert deadline_in(2027, rules) == date(2027, 2, 28)
    assert deadline_in(2028, rules) == date(2028, 2, 29)
    assert year_ending(2028, rules).start == date(2027, 3, 1)


def test_today_is_the_uk_date():
    late_summer_evening = datetime(2026, 6, 30, 23, 30, tzinfo=UTC)  # 00:30 BST on 1 July
    assert day_of(late_summer_evening) == date(2026, 7, 1)
    assert day_of(late_summer_evening, "UTC") == date(2026, 6, 30)

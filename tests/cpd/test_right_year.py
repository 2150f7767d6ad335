"""The right year, said plainly: which year an entry counts towards, the year just ended beside
the current one, no dates in the future, and times in the learner's time zone."""

from datetime import UTC, date, datetime

import pytest

from courseware.cpd.entries import date_problems
from courseware.domain.cpd_year import Rules, counts_towards, year_ending, year_phrase
from courseware.extensions import db
from courseware.models import CpdEntry
from tests.clock import london
from tests.cpd.helpers import FINISHED, form_items, make_entry
from tests.factories import post_form

RULES = Rules()
ENDED_YESTERDAY = ("It counts towards your CPD for 1 December 2025 to 30 November 2026, "
                   "the year that ended yesterday.")


def test_the_year_is_named_as_a_person_would_on_the_day():
    year = year_ending(2026, RULES)
    assert year_phrase(year, date(2026, 3, 21)) == "this registration year"
    assert year_phrase(year, date(2026, 11, 30)) == "this registration year"
    assert year_phrase(year, date(2026, 12, 1)) == "the year that ended yesterday"
    assert year_phrase(year, date(2027, 1, 5)) == "the year that ended on 30 November 2026"
    assert year_phrase(year, date(2025, 6, 1)) == "the year that starts on 1 December 2025"
    assert counts_towards(date(2026, 3, 13), date(2026, 12, 1), RULES) == ENDED_YESTERDAY
    assert counts_towards(date(2026, 12, 1), date(2026, 12, 1), RULES) == (
        "It counts towards your CPD for 1 December 2026 to 30 November 2027, "
        "this registration year.")


def test_an_entry_saved_the_day_after_the_deadline_says_which_year_it_counts_towards(
        client, auth, learner, time_machine):
    time_machine.move_to(london(2026, 12, 1, 9))
    auth.login()
    response = post_form(client, "/cpd/new", form_items(FINISHED | {"activity_date": "2026-03-13",
                                                                     "peer_date": "2026-03-20"}))
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "this year" not in page
    assert page.count(ENDED_YESTERDAY) == 2  # in the message just saved, and on the entry


def test_a_draft_says_which_year_it_will_count_towards(client, auth, learner, time_machine):
    time_machine.move_to(london(2026, 12, 1, 9))
    draft = make_entry(learner, status="draft", activity_date=date(2026, 3, 13))
    auth.login()
    page = client.get(f"/cpd/{draft.id}").get_data(as_text=True)
    assert "this year's CPD" not in page
    assert ("It does not count until you finish it. Then it will count towards your CPD for "
            "1 December 2025 to 30 November 2026, the year that ended yesterday.") in page


def test_the_record_shows_the_year_just_ended_beside_the_new_one(client, auth, learner,
                                                                  time_machine):
    make_entry(learner, title="March workshop", activity_date=date(2026, 3, 13))
    time_machine.move_to(london(2026, 12, 1, 9))
    auth.login()
    page = client.get("/cpd").get_data(as_text=True)
    assert "This registration year" in page and "1 December 2026 to 30 November 2027" in page
    assert "The year that ended yesterday" in page
    assert "1 December 2025 to 30 November 2026" in page
    assert "1 of 2 entries recorded, 0 of 1 with peer reflection" in page
    assert "Not enough CPD was recorded for that year." in page
    assert "you can still record them with the day they happened" in page
    assert 'href="/cpd?year=2026"' in page


def test_the_year_before_is_shown_compactly_all_year(client, auth, learner):
    make_entry(learner, activity_date=date(2025, 3, 1), peer_name="Ama",
               peer_learning="Try it in supervision.")
    make_entry(learner, activity_date=date(2025, 4, 1))
    auth.login()
    page = client.get("/cpd").get_data(as_text=True)  # 21 March 2026
    assert "The year that ended on 30 November 2025" in page
    assert "2 of 2 entries recorded, 1 of 1 with peer reflection" in page
    assert "You recorded enough CPD for that year." in page
    assert "you can still record them" not in page  # long past the deadline


@pytest.mark.parametrize(("field", "value", "message"), [
    ("activity_date", "2026-03-22", "22 March 2026 is after today"),
    ("peer_date", "2026-03-22", "22 March 2026 is after today"),
    ("activity_date", "2026-11-30", "30 November 2026 is after today"),
])
@pytest.mark.parametrize("button", [{"finish": "Save and finish"},
                                    {"save_draft": "Save as a draft"}])
def test_a_date_after_today_is_refused_with_a_reason(client, auth, learner, field, value,
                                                     message, button):
    auth.login()
    data = {k: v for k, v in FINISHED.items() if k != "finish"} | button | {field: value}
    response = post_form(client, "/cpd/new", form_items(data))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f"{message} (21 March 2026). Enter the day it happened." in page
    assert page.count(f'id="{field}-error"') == 1
    assert db.session.scalar(db.select(db.func.count(CpdEntry.id))) == 0


def test_date_problems_is_a_plain_function():
    today = date(2026, 12, 1)
    assert date_problems({"activity_date": date(2026, 12, 1), "peer_date": None}, today) == []
    assert date_problems({"activity_date": date(2027, 3, 13)}, today) == [
        ("activity_date", "13 March 2027 is after today (1 December 2026). Enter the day it "
                          "happened.")]
    assert date_problems({"peer_date": date(1989, 12, 31)}, today) == [
        ("peer_date", "Enter a date between 1990 and today.")]


def test_times_are_shown_in_the_learners_time_zone(client, auth, learner):
    # Shared at 23:30 UTC on 31 March 2026: already 1 April in London (summer time).
    entry = make_entry(learner, shared_with_manager=True,
                       shared_at=datetime(2026, 3, 31, 23, 30, tzinfo=UTC))
    auth.login()
    page = client.get(f"/cpd/{entry.id}").get_data(as_text=True)
    assert "You shared it on 1 April 2026." in page

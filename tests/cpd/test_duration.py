"""Time spent, written the way people write it: a plain function, and the form that uses it."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from courseware.cpd.duration import MAX_MINUTES, NOT_A_TIME, TOO_LONG, parse_time_spent
from courseware.extensions import db
from courseware.models import CpdEntry
from tests.cpd.helpers import FINISHED, form_items
from tests.factories import post_form


@pytest.mark.parametrize(("text", "minutes"), [
    ("2", 120), ("2.5", 150), ("2,5", 150), (".5", 30), ("1½", 90), ("2:30", 150),
    ("0:45", 45), ("2 h 30", 150), ("2h30", 150), ("2h30m", 150), ("2h 30min", 150),
    ("90 min", 90), ("90 mins", 90), ("90 minutes", 90), ("1 hour 30 minutes", 90),
    ("1 hour and 30 minutes", 90), ("1 hr 30 mins", 90), ("2 hours", 120), ("1.5 hours", 90),
    ("  3 HOURS ", 180), ("45m", 45), ("0", 0), ("500", 30_000), ("1.33", 80),
])
def test_hours_are_read_as_people_write_them(text, minutes):
    assert parse_time_spent(text) == (minutes, None)


@pytest.mark.parametrize(("text", "minutes"), [
    ("30", 30), ("90", 90), ("45 min", 45), ("1 hour", 60), ("1:15", 75), ("2.5", 3),
])
def test_a_bare_number_in_the_minutes_box_is_minutes(text, minutes):
    assert parse_time_spent(text, bare_unit="minutes") == (minutes, None)


@pytest.mark.parametrize("text", ["", "   ", None])
def test_nothing_written_is_no_time(text):
    assert parse_time_spent(text) == (None, None)


@pytest.mark.parametrize("text", [
    "two hours", "-2", "2 30", "1:75", "1:5:3", "2 h 3 h", "30 min 1 h", "2 days", "h", "1..5",
    "abc", "1/2", "2 hours 30 minutes 10",
])
def test_what_is_not_a_time_is_a_problem_not_an_exception(text):
    assert parse_time_spent(text) == (None, NOT_A_TIME)


def test_more_than_500_hours_is_too_long():
    assert parse_time_spent("501") == (None, TOO_LONG)
    assert parse_time_spent("500:01") == (None, TOO_LONG)
    assert parse_time_spent("30001", bare_unit="minutes") == (None, TOO_LONG)


def test_a_number_too_long_to_round_is_too_long_not_an_exception():
    assert parse_time_spent("200000000000000000000000000") == (None, TOO_LONG)
    assert parse_time_spent("9" * 60, bare_unit="minutes") == (None, TOO_LONG)


hours = st.integers(0, 499)
minutes = st.integers(0, 59)
FORMS = ["{h}:{m:02d}", "{h} h {m}", "{h}h{m}m", "{h}h {m}min", "{h} hours {m} minutes",
         "{h} hour and {m} mins", "{h} HRS {m} M"]


@given(hours, minutes, st.sampled_from(FORMS))
def test_every_way_of_writing_hours_and_minutes_gives_the_same_minutes(h, m, form):
    assert parse_time_spent(form.format(h=h, m=m)) == (h * 60 + m, None)


@given(st.integers(0, 500 * 4))
def test_decimal_hours_are_rounded_to_the_minute(quarters):
    text = f"{quarters / 4:g}"
    assert parse_time_spent(text) == (quarters * 15, None)


@given(st.integers(0, MAX_MINUTES))
def test_minutes_alone(total):
    assert parse_time_spent(f"{total} min") == (total, None)
    assert parse_time_spent(str(total), bare_unit="minutes") == (total, None)


@given(st.text(max_size=30))
def test_any_text_gives_minutes_in_range_or_a_problem(text):
    found, problem = parse_time_spent(text)
    if problem is None:
        assert found is None or 0 <= found <= MAX_MINUTES
    else:
        assert found is None and problem in (NOT_A_TIME, TOO_LONG)


def test_the_form_takes_two_and_a_half_hours_with_no_code_words(client, auth, learner):
    auth.login()
    response = post_form(client, "/cpd/new", form_items(FINISHED | {"hours": "2.5",
                                                                     "minutes": ""}))
    assert response.status_code == 302
    assert db.session.scalars(db.select(CpdEntry.minutes)).one() == 150
    response = post_form(client, "/cpd/new", form_items(FINISHED | {"hours": "1 hour",
                                                                     "minutes": "90 min"}))
    assert response.status_code == 302
    assert sorted(db.session.scalars(db.select(CpdEntry.minutes))) == [150, 150]


def test_a_time_the_form_cannot_read_gets_one_plain_message_per_field(client, auth, learner):
    auth.login()
    response = post_form(client, "/cpd/new", form_items(FINISHED | {"hours": "two and a half",
                                                                     "minutes": "lots"}))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Not a valid" not in page and "integer" not in page
    assert page.count('id="hours-error"') == 1 and page.count('id="minutes-error"') == 1
    assert "for example 2.5, 2:30 or 2 hours 30 minutes" in page
    assert 'value="two and a half"' in page  # what was typed comes back to be corrected
    too_long = post_form(client, "/cpd/new", form_items(FINISHED | {"hours": "400",
                                                                     "minutes": "200 hours"}))
    page = too_long.get_data(as_text=True)
    assert page.count('id="hours-error"') == 1 and "500 hours or less" in page
    assert db.session.scalar(db.select(db.func.count(CpdEntry.id))) == 0

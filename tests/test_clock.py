"""One clock: the app's today at the moments that matter, and the CPD year it puts entries in."""

from datetime import UTC, date, datetime

import pytest

from courseware import clock
from tests.clock import london
from tests.cpd.helpers import FINISHED, form_items
from tests.factories import post_form

THIS_YEAR = "1 December 2025 to 30 November 2026"
NEXT_YEAR = "1 December 2026 to 30 November 2027"

MOMENTS = [
    # (the moment, today in London, the registration year a CPD record shows)
    (london(2026, 6, 10, 12), date(2026, 6, 10), THIS_YEAR),
    (london(2026, 11, 30, 23, 59), date(2026, 11, 30), THIS_YEAR),  # last minute before
    (london(2026, 12, 1, 0, 0), date(2026, 12, 1), NEXT_YEAR),      # first minute after
    (london(2028, 2, 29, 12), date(2028, 2, 29), "1 December 2027 to 30 November 2028"),
    # British Summer Time starts at 01:00 UTC on 29 March 2026 ...
    (datetime(2026, 3, 29, 0, 59, tzinfo=UTC), date(2026, 3, 29), THIS_YEAR),
    (datetime(2026, 3, 29, 23, 30, tzinfo=UTC), date(2026, 3, 30), THIS_YEAR),  # 00:30 BST
    # ... and ends at 01:00 UTC on 25 October 2026.
    (datetime(2026, 10, 24, 23, 30, tzinfo=UTC), date(2026, 10, 25), THIS_YEAR),  # 00:30 BST
    (datetime(2026, 10, 25, 23, 30, tzinfo=UTC), date(2026, 10, 25), THIS_YEAR),  # 23:30 GMT
]


@pytest.mark.parametrize(("moment", "day", "year"), MOMENTS,
                         ids=[m[0].isoformat() for m in MOMENTS])
def test_today_and_the_cpd_year_at_the_moments_that_matter(
        app, client, auth, learner, time_machine, moment, day, year):
    time_machine.move_to(moment, tick=False)
    assert clock.today() == day
    auth.login()
    assert year in client.get("/cpd").get_data(as_text=True)

    entry = form_items(FINISHED | {"activity_date": day.isoformat(),
                                   "peer_date": day.isoformat()})
    saved = post_form(client, "/cpd/new", entry)
    assert saved.status_code == 302, "an activity dated today is accepted"
    record = client.get("/cpd").get_data(as_text=True)
    assert "1 of 2" in record, "and counts in the year shown"

    tomorrow = day.replace(day=day.day + 1) if day.day < 28 else None
    if tomorrow:
        refused = post_form(client, "/cpd/new", form_items(
            FINISHED | {"activity_date": tomorrow.isoformat()}), token_from="/cpd/new")
        assert refused.status_code == 200, "an activity dated tomorrow is refused"


def test_the_clock_reads_the_timezone_setting(app, time_machine):
    time_machine.move_to(datetime(2026, 6, 30, 23, 30, tzinfo=UTC), tick=False)
    assert clock.today() == date(2026, 7, 1)
    app.config["CPD_TIMEZONE"] = "UTC"
    assert clock.today() == date(2026, 6, 30)

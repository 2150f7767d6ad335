"""Times and dates people read are on the learners' wall clock (CPD_TIMEZONE), never UTC."""

import re
from datetime import UTC, date, datetime
from pathlib import Path

from courseware.clock import day_text, time_text

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def test_a_moment_is_shown_on_the_london_wall_clock():
    summer = datetime(2026, 3, 31, 23, 30, tzinfo=UTC)  # British Summer Time: 00:30 next day
    assert day_text(summer) == "1 April 2026"
    assert time_text(summer) == "1 April 2026 at 00:30"
    winter = datetime(2026, 12, 1, 9, 5, 7, tzinfo=UTC)  # Greenwich Mean Time: the same
    assert time_text(winter, seconds=True) == "1 December 2026 at 09:05:07"
    assert time_text(datetime(2026, 6, 1, 12, 0)) == "1 June 2026 at 13:00"  # naive is UTC
    assert time_text(summer, "Asia/Tokyo") == "1 April 2026 at 08:30"
    assert day_text(date(2026, 3, 14)) == "14 March 2026" and day_text(None) == ""


def test_the_filters_follow_cpd_timezone(app):
    moment = datetime(2026, 3, 31, 23, 30, tzinfo=UTC)
    page = app.jinja_env.from_string("{{ m|day }}; {{ m|local_time }}; {{ d|day }}")
    with app.app_context():
        assert page.render(m=moment, d=date(2026, 3, 14)) == (
            "1 April 2026; 1 April 2026 at 00:30; 14 March 2026")
        app.config["CPD_TIMEZONE"] = "America/New_York"
        assert page.render(m=moment, d=None) == "31 March 2026; 31 March 2026 at 19:30; "


def test_no_template_shows_utc_or_formats_a_stored_moment_itself():
    found = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if re.search(r"\bUTC\b", line) or ".strftime(" in line or ".date()|day" in line:
                found.append(f"{path.relative_to(TEMPLATES)}:{number}: {line.strip()}")
    assert found == []

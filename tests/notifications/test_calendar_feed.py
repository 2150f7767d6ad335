"""The private calendar feed: a learner's due dates, CPD deadline and certificate expiry dates,
at an address that is the only credential, in a fixed number of queries."""

import re
import shutil
from datetime import date
from urllib.parse import urlsplit

from icalendar import Calendar
from sqlalchemy import select

from courseware import clock
from courseware.extensions import db
from courseware.models import Assignment, Certificate
from courseware.notifications.sending import send_due
from tests.factories import PACKAGES, Auth, import_tiny_module, post_form
from tests.manage.helpers import assign_to
from tests.notifications.conftest import parse
from tests.test_query_counts import count_queries


def feed_path(client, email: str) -> str:
    """The path of this person's calendar address, as their emails page shows it."""
    Auth(client).login(email)
    page = client.get("/account/emails").get_data(as_text=True)
    Auth(client).logout()
    https = re.search(r'id="calendar-https" value="([^"]+)"', page).group(1)
    webcal = re.search(r'id="calendar-webcal" value="([^"]+)"', page).group(1)
    assert webcal == "webcal://" + https.partition("://")[2]
    return urlsplit(https).path


def events(app, path: str) -> dict[str, tuple[str, str]]:
    """The feed's events, by UID: (day, summary), fetched as a calendar program would."""
    response = app.test_client(use_cookies=False).get(path)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.headers["Cache-Control"] == "no-store"
    found = Calendar.from_ical(response.data).walk("VEVENT")
    return {str(e["uid"]): (e["dtstart"].dt.isoformat(), str(e["summary"])) for e in found}


def test_a_learners_due_dates_and_cpd_deadline_with_the_uid_of_the_email(app, client, team,
                                                                         inbox):
    path = feed_path(client, "cat@example.org")
    team_wide = db.session.scalar(select(Assignment.id).where(
        Assignment.team_id == team.team_a.id, Assignment.module_id == team.tiny.module_id))
    assert path.startswith("/calendar/") and path.endswith(".ics")
    assert events(app, path) == {
        f"assignment-{team_wide}@courseware": ("2026-03-01", f"Due: {team.tiny.title}"),
        "cpd-deadline-2026-11-30@courseware": ("2026-11-30",
                                               "CPD deadline: the end of your registration year"),
    }
    Auth(client).login("mo@example.org")
    form = {"module": str(team.other.module_id), "who": "chosen", "learners": str(team.cat.id),
            "due_on": "2026-04-30"}
    post_form(client, f"/manage/teams/{team.team_a.id}/assignments", form)
    assert send_due() == 1
    (attachment,) = parse(inbox.wait(1)[0]).iter_attachments()
    (emailed,) = Calendar.from_ical(attachment.get_content()).walk("VEVENT")
    feed = events(app, path)
    assert feed[str(emailed["uid"])] == ("2026-04-30", f"Due: {team.other.title}")
    assert len(feed) == 3 and events(app, path) == feed  # the same UIDs each time


def test_completed_modules_are_left_out_and_valid_certificates_expire(app, client, team):
    path = feed_path(client, "ann@example.org")
    (certificate,) = db.session.scalars(select(Certificate)
                                        .where(Certificate.user_id == team.ann.id))
    expiry = ("2027-02-20", f"Certificate expires: {team.tiny.title}")
    assert events(app, path) == {
        "cpd-deadline-2026-11-30@courseware": ("2026-11-30",
                                               "CPD deadline: the end of your registration year"),
        f"certificate-{certificate.id}-expires@courseware": expiry,
    }
    certificate.revoked_at = clock.now()
    db.session.commit()
    assert len(events(app, path)) == 1  # the CPD deadline alone


def test_a_new_address_ends_the_old_one_and_a_made_up_one_finds_nothing(app, client, team):
    old = feed_path(client, "cat@example.org")
    Auth(client).login("cat@example.org")
    made = post_form(client, "/account/emails/calendar", {}, token_from="/account/emails")
    assert made.status_code == 302 and made.headers["Location"].endswith("/account/emails#calendar")
    assert "The old address no longer works" in client.get("/account/emails").get_data(
        as_text=True)
    Auth(client).logout()
    new = feed_path(client, "cat@example.org")
    anonymous = app.test_client(use_cookies=False)
    assert new != old
    assert anonymous.get(old).status_code == 404
    assert anonymous.get(new).status_code == 200
    assert anonymous.get("/calendar/" + "a" * 43 + ".ics").status_code == 404
    assert anonymous.get("/calendar/" + "a" * 100 + ".ics").status_code == 404
    assert feed_path(client, "cat@example.org") == new  # kept until made new again


def test_the_feed_runs_the_same_queries_however_many_assignments(app, client, team, tmp_path):
    path = feed_path(client, "cat@example.org")
    anonymous = app.test_client(use_cookies=False)

    def queries() -> int:
        with count_queries() as statements:
            assert anonymous.get(path).status_code == 200
        return len(statements)

    before = queries()
    for n in range(3):
        copy = tmp_path / f"feed{n}"
        shutil.copytree(PACKAGES / "tiny-module", copy)
        text = (copy / "module.yaml").read_text().replace("id: tiny-module", f"id: feed-{n}")
        (copy / "module.yaml").write_text(text)
        assign_to(team.team_a, import_tiny_module(copy), date(2026, 5, n + 1))
    assert len(events(app, path)) == 5
    assert queries() == before <= 5

"""The emails people receive, opened in a real browser as a mail program shows their HTML part:
zero WCAG 2.2 AA violations from axe, readable on a phone, one heading, and every link of the
text part."""

import re
from datetime import date

import pytest

from courseware.domain import outbox
from courseware.domain.digests import decide_digests
from courseware.extensions import db
from courseware.manage.assignments import assign
from courseware.manage.people import unusable_password
from courseware.notifications.sending import send_due
from tests.clock import london
from tests.factories import make_user, post_form
from tests.notifications.conftest import org, parse, team  # noqa: F401 - fixtures
from tests.notifications.reminders import forget_emails, html_of, text_of, worker_on

pytestmark = pytest.mark.browser


def every_kind(team, inbox, client, time_machine) -> list:  # noqa: F811
    """One email of as many kinds as a small organisation makes in a year, as received."""
    forget_emails()
    time_machine.move_to(london(2026, 3, 10, 12))
    assign(team.team_a.id, team.other.module_id, date(2026, 3, 20), [team.cat.id], team.mo)
    newcomer = make_user("new@example.org", "Nia Newcomer")
    newcomer.password_hash = unusable_password()
    outbox.record(newcomer.id, "welcome", "account", {"team": team.team_a.name})
    db.session.commit()
    send_due()
    post_form(client, "/forgot-password", {"email": "ann@example.org"})
    inbox.wait(3)  # the reset is sent at once, from a thread of its own
    worker_on(time_machine, date(2026, 3, 13))  # due in 7 days
    worker_on(time_machine, date(2026, 3, 21))  # overdue
    time_machine.move_to(london(2026, 3, 16, 10))  # a Monday: the managers' digest
    decide_digests(london(2026, 3, 16, 10))
    send_due()
    worker_on(time_machine, date(2026, 10, 1))  # 60 days before the CPD deadline
    return [parse(envelope) for envelope in inbox.messages]


def test_each_kind_of_email_passes_axe_and_fits_a_phone(
        app, client, team, inbox, time_machine, browser):  # noqa: F811 - the fixtures
    from axe_playwright_python.sync_playwright import Axe

    from tests.e2e.conftest import WCAG_TAGS

    emails = every_kind(team, inbox, client, time_machine)
    subjects = [message["Subject"].strip() for message in emails]
    assert len({str(message["Message-ID"]) for message in emails}) == len(emails)
    context = browser.new_context(viewport={"width": 320, "height": 800})
    page = context.new_page()
    axe = Axe()
    try:
        for message, subject in zip(emails, subjects, strict=True):
            page.set_content(html_of(message))
            results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
            assert results.violations_count == 0, f"{subject}: {results.generate_report()}"
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 320, f"{subject}: {width}px wide on a 320px screen"
            assert page.locator("h1").count() == 1, subject
            links = set(re.findall(r"https?://\S+", text_of(message)))
            hrefs = set(page.eval_on_selector_all("a", "links => links.map(a => a.href)"))
            assert links <= hrefs, f"{subject}: in the text but not the HTML: {links - hrefs}"
    finally:
        context.close()
    kinds = " | ".join(subjects)
    for words in ("New module", "choose your password", "Reset your", "due in 7 days",
                  "Past its due date", "Your teams", "CPD deadline"):
        assert words.lower() in kinds.lower(), f"no email about {words!r} in {kinds}"

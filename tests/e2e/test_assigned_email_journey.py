"""A manager assigns a module with a due date to a learner in a real browser; the worker sends
the email to a real SMTP server; the learner follows the link in it and lands on the module,
ready to start. The assignments page is checked with axe."""

import re
from datetime import timedelta

from playwright.sync_api import expect

from courseware import clock
from tests.clock import daytime_zone
from tests.e2e.test_manager_journey import sign_in, sign_out
from tests.mailbox import smtp_server
from tests.notifications.conftest import parse

LINK = re.compile(r"Start the module:\s+(\S+)")


def test_the_email_about_an_assignment_leads_to_the_module(live_app, live_server, page,
                                                           checker):
    from courseware.extensions import db
    from courseware.notifications.sending import send_due
    from tests.factories import make_user
    from tests.manage.helpers import make_team

    with live_app.app_context():
        lee = make_user("lee@example.org", "Lee Learner")
        mo = make_user("mo@example.org", "Mo Manager", role="manager")
        make_team("Children's services", [lee], [mo])
        db.session.remove()
    # Where the learners are it is daytime: the email is not held until the morning.
    live_app.config["CPD_TIMEZONE"] = daytime_zone()
    due = clock.today() + timedelta(days=21)

    with smtp_server() as (inbox, port):
        live_app.config |= {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": port}
        sign_in(page, live_server, "mo@example.org")
        page.get_by_role("link", name="Your teams").click()
        page.get_by_role("link", name="Children's services").click()
        page.get_by_role("link", name="Assign a module").first.click()
        checker.check("assignments")
        page.get_by_label("Module").select_option(label="A tiny module for tests")
        page.get_by_label("Only the people I choose").check()
        page.get_by_label("Lee Learner (lee@example.org)").check()
        page.get_by_label("Due date (optional)").fill(due.isoformat())
        page.get_by_role("button", name="Assign").click()
        expect(page.get_by_text("is assigned to 1 person")).to_be_visible()
        sign_out(page)
        assert inbox.messages == []  # the page only decided; the worker sends

        with live_app.app_context():  # what the worker's job does
            assert send_due() == 1
        (envelope,) = inbox.wait(1)
    message = parse(envelope)
    assert message["To"] == "Lee Learner <lee@example.org>"
    assert f"by {due:%-d %B %Y}" in message["Subject"]
    link = LINK.search(message.get_body(("plain",)).get_content()).group(1)
    assert link.startswith(live_server + "/")

    sign_in(page, live_server, "lee@example.org")
    page.goto(link)
    expect(page.get_by_role("heading", name="A tiny module for tests")).to_be_visible()
    expect(page.get_by_role("button", name="Start this module")).to_be_visible()
    checker.check("module-from-the-email")

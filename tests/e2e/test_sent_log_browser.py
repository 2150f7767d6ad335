"""An admin looks at the emails sent and pauses sending, in a real browser: each page checked by
axe, at phone and desktop widths."""

from playwright.sync_api import expect

from tests.e2e.keyboard import sign_in


def test_an_admin_reads_the_sent_log_and_pauses_sending(live_app, live_server, page, checker):
    from courseware.domain import outbox
    from courseware.extensions import db
    from courseware.models import Notification
    from tests.factories import make_user

    with live_app.app_context():
        make_user("admin@example.org", "Ada Admin", role="admin")
        learner = make_user("lee@example.org", "Lee Learner")
        outbox.record(learner.id, "cpd_deadline", "2026-11-30:60", {})
        outbox.record(learner.id, "overdue", "1:2026-03-01:overdue", {})
        db.session.commit()
        failed = db.session.query(Notification).filter_by(kind="overdue").one()
        failed.attempts, failed.last_error = 2, "ConnectionRefusedError: [Errno 111] refused"
        db.session.commit()
    sign_in(page, live_server, "admin@example.org")
    page.goto(live_server + "/admin/people")
    page.get_by_role("link", name="Emails sent").click()
    expect(page.get_by_role("heading", name="Emails sent")).to_be_visible()
    expect(page.get_by_text("ConnectionRefusedError")).to_be_visible()
    checker.check("sent-log")
    page.get_by_role("button", name="Pause all sending").click()
    expect(page.get_by_text("Sending is paused since")).to_be_visible()
    checker.check("sent-log-paused")
    page.get_by_role("button", name="Resume sending").click()
    expect(page.get_by_role("button", name="Pause all sending")).to_be_visible()

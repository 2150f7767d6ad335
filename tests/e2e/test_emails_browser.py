"""A learner turns an email off on their emails page and stops another from an email's link,
in a real browser: every page checked by axe."""

from playwright.sync_api import expect

from tests.e2e.people import register


def test_choose_emails_then_stop_one_from_its_link(live_app, live_server, page, checker):
    from courseware.domain.accounts import find_user
    from courseware.notifications.unsubscribe import unsubscribe_token

    register(page, live_server, "Jo Bloggs", "jo@example.org")
    page.goto(live_server + "/account")
    page.get_by_role("link", name="Choose your emails and add your dates to your calendar").click()
    expect(page.get_by_role("heading", name="Emails and calendar")).to_be_visible()
    checker.check("emails")
    page.get_by_label("A module assigned to you").uncheck()
    page.get_by_role("button", name="Save my choices").click()
    expect(page.get_by_text("Your choices are saved.")).to_be_visible()
    expect(page.get_by_label("A module assigned to you")).not_to_be_checked()
    expect(page.get_by_label("A module past its due date")).to_be_checked()
    assert page.get_by_label("Calendar address").input_value().startswith("webcal://")

    with live_app.app_context():
        token = unsubscribe_token(find_user("jo@example.org").id, "overdue")
    page.goto(f"{live_server}/unsubscribe/{token}")
    expect(page.get_by_role("heading", name="Stop emails about a module past its due date?")
           ).to_be_visible()
    checker.check("unsubscribe")
    page.get_by_role("button", name="Stop these emails").click()
    expect(page.get_by_text("You will no longer get emails about: a module past its due date.")
           ).to_be_visible()
    checker.check("unsubscribed")
    page.goto(f"{live_server}/unsubscribe/{token}x")
    expect(page.get_by_role("heading", name="This link does not work")).to_be_visible()
    checker.check("unsubscribe-link-not-working")

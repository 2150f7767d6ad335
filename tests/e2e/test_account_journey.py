"""Correct your name, then delete your account, in a real browser: every page checked by axe."""

from playwright.sync_api import expect

from tests.e2e.test_certificate_journey import register, take_the_tiny_module
from tests.factories import PASSWORD


def test_change_the_name_then_delete_the_account(live_app, live_server, page, checker, browser):
    register(page, live_server, "Jo Bloggs", "jo@example.org")
    take_the_tiny_module(page, live_server)
    page.get_by_role("link", name="View your certificate").click()
    code = page.locator(".certificate-code").first.inner_text().strip()

    page.goto(live_server + "/account")
    checker.check("account")
    page.get_by_label("Your name").fill("")
    page.get_by_role("button", name="Save my name").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    checker.check("account-name-error")
    page.get_by_label("Your name").fill("Jo Smith")
    page.get_by_role("button", name="Save my name").click()
    expect(page.get_by_text("Your name is now Jo Smith.")).to_be_visible()

    page.get_by_label("New email address").fill("jo.smith@example.org")
    page.get_by_label("Your password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", name="Check your inbox at jo.smith@example.org")
           ).to_be_visible()
    checker.check("email-sent")

    employer = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    employer.errors = []
    checker.page = employer
    employer.goto(f"{live_server}/verify/{code}")
    expect(employer.get_by_text("Issued to Jo Bloggs. The holder has since changed their name.")
           ).to_be_visible()
    assert "Jo Smith" not in employer.content()
    checker.check("verify-name-changed")
    checker.page = page

    page.goto(live_server + "/account")
    page.get_by_role("link", name="Delete my account").click()
    checker.check("delete-account")
    page.get_by_label("Your password").fill("not my password at all")
    page.get_by_role("button", name="Delete my account for good").click()
    expect(page.get_by_text("That is not your password. Try again.").first).to_be_visible()
    checker.check("delete-account-error")
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Delete my account for good").click()
    expect(page.get_by_text("Your account is deleted and you are signed out.")).to_be_visible()
    checker.check("account-deleted")

    employer.goto(f"{live_server}/verify/{code}")
    expect(employer.get_by_text("The holder has deleted their account")).to_be_visible()
    assert "Jo Bloggs" not in employer.content()
    checker.page = employer
    checker.check("verify-holder-deleted")

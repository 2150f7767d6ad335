"""Where you are signed in, in a real browser: sign out of another device from the account page."""

from playwright.sync_api import expect

from tests.e2e.people import register
from tests.factories import PASSWORD


def test_sign_out_of_another_device(live_app, live_server, page, checker, browser):
    register(page, live_server, "Jo Bloggs", "jo@example.org")
    phone = browser.new_context(viewport={"width": 375, "height": 800}).new_page()
    phone.goto(live_server + "/login")
    phone.get_by_label("Email address").fill("jo@example.org")
    phone.get_by_label("Password", exact=True).fill(PASSWORD)
    phone.get_by_role("button", name="Sign in").click()
    expect(phone.get_by_role("button", name="Sign out")).to_be_visible()

    page.goto(live_server + "/account")
    table = page.get_by_role("table", name="Where you are signed in")
    expect(table.get_by_role("row")).to_have_count(3)  # the heading row and two devices
    expect(table.get_by_text("This device", exact=True)).to_have_count(1)
    checker.check("account-sign-ins")
    buttons = table.get_by_role("button", name="Sign out of this device")
    expect(buttons).to_have_count(2)
    here = page.get_by_text("This device", exact=True)
    other = table.get_by_role("row").filter(has=page.get_by_role("button")).filter(has_not=here)
    other.get_by_role("button").click()
    expect(page.get_by_text("You have signed out of")).to_be_visible()
    expect(table.get_by_role("row")).to_have_count(2)
    expect(table.get_by_text("This device", exact=True)).to_have_count(1)
    checker.check("account-signed-out-of-a-device")

    phone.reload()
    expect(phone.get_by_role("link", name="Sign in")).to_be_visible()

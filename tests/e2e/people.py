"""People a browser test makes through the real pages."""

from playwright.sync_api import expect

from tests.factories import PASSWORD


def register(page, base: str, name: str = "Siân Bloggs", email: str = "sian@example.org"):
    """Create an account on the registration page, as a new learner would, then sign in."""
    page.goto(base + "/register")
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Type the password again").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    sign_in_after_registering(page)


def sign_in_after_registering(page, password: str = PASSWORD) -> None:
    """Registering ends on the sign-in page, saying to check your email: sign in there."""
    expect(page.get_by_text("Check your email")).to_be_visible()
    expect(page.get_by_text("your account is ready")).to_be_visible()
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()

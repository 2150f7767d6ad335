"""People a browser test makes through the real pages."""

from tests.factories import PASSWORD


def register(page, base: str, name: str = "Siân Bloggs", email: str = "sian@example.org"):
    """Create an account on the registration page, as a new learner would (and so sign in)."""
    page.goto(base + "/register")
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Type the password again").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()

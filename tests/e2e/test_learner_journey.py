"""A new learner's whole journey in a real browser, checked with axe on every page."""

import re

from playwright.sync_api import expect

from tests.e2e.people import register, sign_in_after_registering
from tests.factories import PASSWORD


def test_register_take_module_fail_retry_pass_reflect_complete(live_server, page, checker):
    page.goto(live_server + "/")
    checker.check("catalogue")

    page.get_by_role("link", name="Create an account").first.click()
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    checker.check("register-errors")

    page.get_by_label("Your name").fill("Siân Bloggs")
    page.get_by_label("Email address").fill("sian@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Type the password again").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    sign_in_after_registering(page)

    page.get_by_role("link", name="A tiny module for tests").click()
    checker.check("module")
    page.get_by_role("button", name="Start this module").click()
    expect(page.get_by_text("Step 1 of 4")).to_be_visible()
    checker.check("lesson")

    page.get_by_role("link", name=re.compile("^Next")).click()
    expect(page.get_by_text("Step 2 of 4")).to_be_visible()
    page.get_by_role("link", name=re.compile("^Next")).click()
    expect(page.get_by_text("Step 3 of 4")).to_be_visible()
    checker.check("quiz")

    page.get_by_role("button", name="Check my answers").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    checker.check("quiz-errors")

    page.get_by_label("@12thMW").check()
    page.get_by_label("Nothing at all").check()
    page.get_by_label("True", exact=True).check()
    page.get_by_label("Your answer").fill("at sign")
    page.get_by_role("button", name="Check my answers").click()
    expect(page.get_by_text("You have not passed this time")).to_be_visible()
    checker.check("quiz-failed")

    page.get_by_role("link", name="Try the quiz again").click()
    page.get_by_label("#12thMW").check()
    page.get_by_label("A post").check()
    page.get_by_label("A follow").check()
    page.get_by_label("False", exact=True).check()
    page.get_by_label("Your answer").fill("hash")
    page.get_by_role("button", name="Check my answers").click()
    expect(page.get_by_text("You passed.")).to_be_visible()
    checker.check("quiz-passed")

    page.get_by_role("link", name="Go to the next step").click()
    expect(page.get_by_text("Step 4 of 4")).to_be_visible()
    checker.check("reflection")
    page.get_by_label("Your reflection").fill("Short.")
    page.get_by_role("button", name="Save my reflection").click()
    expect(page.get_by_text("needs at least 5 words")).to_be_visible()
    page.get_by_label("Your reflection").fill(
        "I will follow our team hashtag each week and share one useful post in supervision."
    )
    page.get_by_role("button", name="Save my reflection").click()
    expect(page.get_by_role("heading", name="Module complete")).to_be_visible()
    checker.check("complete")

    page.get_by_role("link", name="Go to My learning").click()
    expect(page.get_by_role("cell", name=re.compile("minutes"))).to_be_visible()
    checker.check("my-learning")

    page.goto(live_server + "/help")
    checker.check("help")
    page.goto(live_server + "/no-such-page")
    checker.check("not-found")


def test_every_step_of_the_shipped_modules_is_accessible(live_app, live_server, page, checker):
    """Walk every step of the real modules in modules/ and check each with axe."""
    from pathlib import Path

    from courseware.extensions import db
    from tests.factories import import_package

    root = Path(__file__).resolve().parents[2] / "modules"
    with live_app.app_context():
        for package in sorted(root.glob("*/module.yaml")):
            import_package(package.parent)
        db.session.commit()
        db.session.remove()

    register(page, live_server, "Zofia Wiśniewska", "zofia@example.org")

    for slug in ("social-media-for-technophobes", "following-a-live-tweeted-event"):
        page.goto(f"{live_server}/modules/{slug}")
        checker.check(f"{slug}-module")
        page.get_by_role("button", name="Start this module").click()
        total = int(re.search(r"Step 1 of (\d+)", page.content()).group(1))
        for number in range(1, total + 1):
            expect(page.get_by_text(f"Step {number} of {total}")).to_be_visible()
            checker.check(f"{slug}-step-{number}")
            images = page.locator(".lesson-body img")
            for index in range(images.count()):
                assert images.nth(index).evaluate("img => img.naturalWidth") > 0
            if number < total:
                page.get_by_role("link", name=re.compile("^Next")).click()

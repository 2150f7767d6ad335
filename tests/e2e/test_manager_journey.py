"""An admin sets up a team; a manager assigns a module; a learner completes it; the manager sees
it and downloads the CSV, in a real browser, checked with axe on every page."""

import csv
import io
import re
from datetime import timedelta

from playwright.sync_api import expect

from courseware import clock
from tests.factories import PASSWORD
from tests.manage.helpers import csv_as_screen, screen_summary


def sign_in(page, live_server, email):
    page.goto(live_server + "/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()


def screen_rows(page) -> list[list[str]]:
    """The matrix as the screen shows it, row by row."""
    return page.eval_on_selector_all(
        "table.matrix tr",
        "rows => rows.map(r => Array.from(r.children).map("
        "c => c.textContent.replace(/\\s+/g, ' ').trim()))")


def test_assign_complete_see_and_download(live_app, live_server, page, checker, tmp_path):
    from courseware.extensions import db
    from tests.factories import make_user

    with live_app.app_context():
        make_user("ada@example.org", "Ada Admin", role="admin")
        make_user("mo@example.org", "Mo Manager", role="manager")
        make_user("lee@example.org", "Lee Learner")
        db.session.remove()
    due = clock.today() + timedelta(days=14)

    # An admin makes the team, adds a learner and a manager, and bulk-adds two more people.
    sign_in(page, live_server, "ada@example.org")
    page.get_by_role("link", name="Teams and people").click()
    checker.check("admin-teams-empty")
    page.get_by_role("button", name="Make the team").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    checker.check("admin-teams-error")
    page.get_by_label("Team name").fill("Children's services")
    page.get_by_role("button", name="Make the team").click()
    expect(page.get_by_text("The team “Children's services” is made.")).to_be_visible()
    page.get_by_label("Email address of the learner to add").fill("lee@example.org")
    page.get_by_role("button", name="Add to the team").click()
    expect(page.get_by_text("Lee Learner is now in Children's services.")).to_be_visible()
    page.get_by_label("Email address of the new manager").fill("mo@example.org")
    page.get_by_role("button", name="Add as a manager").click()
    expect(page.get_by_text("Mo Manager now manages Children's services.")).to_be_visible()
    people = tmp_path / "people.csv"
    people.write_text("name,email\nAma Mensah,ama@example.org\nBen Baker,ben@example.org\n")
    page.get_by_label("CSV file of names and email addresses").set_input_files(str(people))
    page.get_by_role("button", name="Add these people").click()
    expect(page.get_by_text("2 added to Children's services (2 new accounts).")).to_be_visible()
    checker.check("admin-team")
    page.get_by_role("link", name="All teams").click()
    page.get_by_role("link", name="People and roles").click()
    checker.check("admin-people")
    page.get_by_role("link", name="Ben Baker").click()
    checker.check("admin-person")
    sign_out(page)

    # The manager assigns the module to the whole team, due in two weeks.
    sign_in(page, live_server, "mo@example.org")
    page.get_by_role("link", name="Your teams").click()
    checker.check("overview")
    page.get_by_role("link", name="Children's services").click()
    expect(page.get_by_text("Nothing is assigned to this team yet.")).to_be_visible()
    checker.check("dashboard-empty")
    page.get_by_role("link", name="Assign a module").first.click()
    page.get_by_role("button", name="Assign").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    checker.check("assign-errors")
    page.get_by_label("Module").select_option(label="A tiny module for tests")
    page.get_by_label("Everyone in the team").check()
    page.get_by_label("Due date (optional)").fill(due.isoformat())
    page.get_by_role("button", name="Assign").click()
    expect(page.get_by_text("is assigned to everyone in the team")).to_be_visible()
    expect(page.get_by_role("cell", name=re.compile("Not started: due"))).to_have_count(3)
    checker.check("dashboard-assigned")
    sign_out(page)

    # The learner sees it first on My learning, and completes it.
    sign_in(page, live_server, "lee@example.org")
    page.get_by_role("link", name="My learning").click()
    expect(page.get_by_role("heading", name="Assigned to you")).to_be_visible()
    expect(page.get_by_text(f"Due by {due:%-d %B %Y}.")).to_be_visible()
    checker.check("my-learning-assigned")
    page.get_by_role("link", name=re.compile("^Start this module")).click()
    page.get_by_role("button", name="Start this module").click()
    page.get_by_role("link", name=re.compile("^Next")).click()
    page.get_by_role("link", name=re.compile("^Next")).click()
    page.get_by_label("#12thMW").check()
    page.get_by_label("A post").check()
    page.get_by_label("A follow").check()
    page.get_by_label("False", exact=True).check()
    page.get_by_label("Your answer").fill("hash")
    page.get_by_role("button", name="Check my answers").click()
    page.get_by_role("link", name="Go to the next step").click()
    page.get_by_label("Your reflection").fill(
        "I will follow our team hashtag each week and share one useful post in supervision.")
    page.get_by_role("button", name="Save my reflection").click()
    expect(page.get_by_role("heading", name="Module complete")).to_be_visible()
    page.get_by_role("link", name="Go to My learning").click()
    expect(page.get_by_role("heading", name="Assigned to you")).to_have_count(0)
    sign_out(page)

    # The manager sees the completion, filters, and downloads exactly what is on screen.
    sign_in(page, live_server, "mo@example.org")
    page.get_by_role("link", name="Your teams").click()
    page.get_by_role("link", name="Children's services").click()
    today = clock.today()
    expect(page.get_by_role("cell", name=f"Completed: {today:%-d %B %Y}, score 100%")
           ).to_be_visible()
    expect(page.get_by_text("33%")).to_be_visible()
    checker.check("dashboard-completed")
    page.get_by_label("Status").select_option(label="Completed")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("table.matrix tbody tr")).to_have_count(1)
    checker.check("dashboard-filtered")
    on_screen = screen_rows(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as a spreadsheet (CSV)").click()
    text = open(download.value.path(), encoding="utf-8-sig").read()
    assert csv_as_screen(list(csv.reader(io.StringIO(text)))) == screen_summary(on_screen)
    assert on_screen[1][0] == "Lee Learner" and len(on_screen) == 2

    page.get_by_role("link", name="Lee Learner").click()
    expect(page.get_by_role("heading", name="Lee Learner")).to_be_visible()
    checker.check("learner")
    expect(page.get_by_text("Check your understanding", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("^Check your understanding"))).to_have_count(0)
    page.get_by_role("link", name="A tiny module for tests").first.click()
    expect(page.get_by_text("median time from starting to completing")).to_be_visible()
    checker.check("module")
    page.get_by_role("link", name="Back to Children's services").click()
    page.get_by_role("link", name="Assign a module").first.click()
    expect(page.get_by_role("heading", name="Already assigned")).to_be_visible()
    checker.check("assignments")

"""A manager opens their team, assigns a module to some of its people and downloads what the
dashboard shows, with the keyboard alone."""

import csv
import io
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from courseware import clock
from tests.e2e.keyboard import (
    download,
    follow,
    sign_in,
    tab_through,
    tab_to,
    type_date,
)
from tests.e2e.test_manager_journey import screen_rows
from tests.manage.helpers import csv_as_screen, screen_summary


@pytest.fixture
def live_database(database_uri):
    """This journey runs on SQLite and on PostgreSQL."""
    return database_uri


def test_assign_and_download_with_the_keyboard(live_app, live_server, page, checker):
    from sqlalchemy import select

    from courseware.extensions import db
    from courseware.models import ModuleVersion
    from tests.factories import make_user
    from tests.manage.helpers import make_team, progress

    today = clock.today()
    with live_app.app_context():
        lee = make_user("lee@example.org", "Lee Learner")
        ama = make_user("ama@example.org", "Ama Mensah")
        ben = make_user("ben@example.org", "Ben Baker")
        mo = make_user("mo@example.org", "Mo Manager", role="manager")
        make_team("Children's services", [lee, ama, ben], [mo])
        version = db.session.scalars(select(ModuleVersion)).one()
        progress(lee, version, 4, today - timedelta(days=3), today, scores=(100,))
        module_id = str(version.module_id)
        db.session.remove()
    due = today + timedelta(days=14)

    sign_in(page, live_server, "mo@example.org")
    tab_to(page, "Your teams")
    follow(page)
    tab_to(page, "Children's services")
    follow(page)
    expect(page.get_by_text("Nothing is assigned to this team yet.")).to_be_visible()
    tab_to(page, "Assign a module")
    follow(page)

    tab_to(page, "Module", exact=True)
    page.keyboard.type("A tiny")
    expect(page.get_by_label("Module", exact=True)).to_have_value(module_id)
    tab_to(page, "Everyone in the team")  # the chosen radio button of the group has the focus
    page.keyboard.press("ArrowDown")  # and the arrow keys move the choice within the group
    expect(page.get_by_label("Only the people I choose")).to_be_checked()
    tab_to(page, "Lee Learner")
    page.keyboard.press("Space")
    tab_to(page, "Ama Mensah")
    page.keyboard.press("Space")
    tab_to(page, "Due date (optional)")
    type_date(page, due)
    checker.check("assign-filled")
    tab_to(page, "Assign", exact=True)
    follow(page)
    expect(page.get_by_text("is assigned to 2 people")).to_be_visible()
    expect(page.locator("table.matrix tbody tr")).to_have_count(2)
    tab_through(page)  # every link, field and the scrolling table show their focus
    checker.check("dashboard-assigned")

    tab_to(page, "Status")
    page.keyboard.type("Completed")
    tab_to(page, "Show", exact=True)
    follow(page)
    expect(page.locator("table.matrix tbody tr")).to_have_count(1)
    on_screen = screen_rows(page)
    assert on_screen[1][0] == "Lee Learner"
    checker.check("dashboard-filtered")
    tab_to(page, "Download as a spreadsheet (CSV)")
    text = open(download(page).path(), encoding="utf-8-sig").read()
    assert csv_as_screen(list(csv.reader(io.StringIO(text)))) == screen_summary(on_screen)

    tab_to(page, "Learners and their assigned modules")  # the table scrolls sideways by keyboard
    tab_to(page, "Lee Learner", exact=True)
    follow(page)
    expect(page.get_by_role("heading", name="Lee Learner")).to_be_visible()
    checker.check("learner")

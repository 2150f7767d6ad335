"""The manager's CPD page as a CSV: exactly its rows and figures, for managers only."""

import csv
import io
from datetime import date

from courseware.cpd.export import TEAM_CSV_COLUMNS
from tests.cpd.helpers import make_entry
from tests.cpd.test_sharing import manages
from tests.factories import Auth, make_user


def test_the_team_page_downloads_as_the_csv_of_what_it_shows(app, client, learner):
    make_entry(learner, title="=cmd|' /C calc'!A0", shared_with_manager=True,
               peer_name="Ama", peer_learning="Try it first.")
    make_entry(learner, activity_date=date(2026, 3, 18))
    make_entry(learner, title="A draft", status="draft")
    other = make_user("ben@example.org", "Ben Other")
    make_user("manager@example.org", "Mo Manager", role="manager")
    manages(app, learner, other)
    Auth(client).login("manager@example.org")
    page = client.get("/cpd/team").get_data(as_text=True)
    assert 'href="/cpd/team.csv"' in page and "Download this table as a spreadsheet" in page

    response = client.get("/cpd/team.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "cpd-team-2026.csv" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "private, no-store"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0] == TEAM_CSV_COLUMNS == [
        "Name", "Entries recorded", "Entries needed", "With peer reflection",
        "Peer reflection needed", "Drafts", "Latest activity", "Status", "Shared with you"]
    assert rows[1:] == [
        ["Ben Other", "0", "2", "0", "1", "0", "", "Still to do", ""],
        ["Lee Learner", "2", "2", "1", "1", "1", "2026-03-18", "Done for this year",
         "'=cmd|' /C calc'!A0"],
    ]
    for name, cells in (("Ben Other", "0 of 2"), ("Lee Learner", "2 of 2")):
        assert name in page and cells in page  # the same figures as the page


def test_a_manager_of_nobody_gets_just_the_headings(app, client):
    make_user("manager@example.org", "Mo Manager", role="manager")
    Auth(client).login("manager@example.org")
    rows = list(csv.reader(io.StringIO(client.get("/cpd/team.csv").get_data(as_text=True)
                                       .lstrip("\ufeff"))))
    assert rows == [TEAM_CSV_COLUMNS]

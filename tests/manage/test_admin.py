"""Admins run teams, memberships and roles in the browser; bulk-add learners from a CSV."""

import io

from sqlalchemy import func, select

from courseware.domain.accounts import authenticate, find_user
from courseware.extensions import db
from courseware.models import Team, TeamManager, TeamMember, User
from tests.auth.test_reset_and_sessions import NEW, reset_link
from tests.factories import Auth, make_user, post_form


def members_of(team_id) -> set[str]:
    return set(db.session.scalars(
        select(User.email).join(TeamMember, TeamMember.user_id == User.id)
        .where(TeamMember.team_id == team_id)))


def sign_in_admin(client):
    make_user("admin@example.org", "Ada Admin", role="admin")
    Auth(client).login("admin@example.org")


def test_make_a_team_and_fill_it(app, client):
    sign_in_admin(client)
    make_user("ann@example.org", "Ann Archer")
    make_user("mo@example.org", "Mo Manager", role="manager")
    made = post_form(client, "/admin/teams", {"name": "Adult services"}, follow_redirects=True)
    assert "The team “Adult services” is made." in made.get_data(as_text=True)
    team = db.session.scalar(select(Team))
    twice = post_form(client, "/admin/teams", {"name": " adult SERVICES "})
    assert "There is already a team called" in twice.get_data(as_text=True)
    empty = post_form(client, "/admin/teams", {"name": ""})
    assert "Enter a name for the team." in empty.get_data(as_text=True)

    url = f"/admin/teams/{team.id}"
    unknown = post_form(client, f"{url}/members", {"member-email": "nobody@example.org"},
                        token_from=url)
    assert "Nobody has an account with the email address nobody@example.org" in (
        unknown.get_data(as_text=True))
    added = post_form(client, f"{url}/members", {"member-email": "Ann@Example.org"},
                      token_from=url, follow_redirects=True)
    assert "Ann Archer is now in Adult services." in added.get_data(as_text=True)
    twice = post_form(client, f"{url}/members", {"member-email": "ann@example.org"},
                      token_from=url)
    assert "Ann Archer is already in Adult services." in twice.get_data(as_text=True)
    learner_as_manager = post_form(client, f"{url}/managers", {"manager-email": "ann@example.org"},
                                   token_from=url)
    assert "Change their role to manager" in learner_as_manager.get_data(as_text=True)
    manager = post_form(client, f"{url}/managers", {"manager-email": "mo@example.org"},
                        token_from=url, follow_redirects=True)
    assert "Mo Manager now manages Adult services." in manager.get_data(as_text=True)
    listing = client.get("/admin/teams").get_data(as_text=True)
    assert "Adult services" in listing and "Mo Manager" in listing

    ann, mo = find_user("ann@example.org"), find_user("mo@example.org")
    out = post_form(client, f"{url}/members/{ann.id}/remove", {}, token_from=url)
    assert out.status_code == 302
    assert post_form(client, f"{url}/managers/{mo.id}/remove", {}, token_from=url
                     ).status_code == 302
    assert db.session.scalar(select(func.count(TeamMember.id))) == 0
    assert db.session.scalar(select(func.count(TeamManager.id))) == 0

    renamed = post_form(client, f"{url}/rename", {"rename-name": "Adults"}, token_from=url,
                        follow_redirects=True)
    assert "The team is now called “Adults”." in renamed.get_data(as_text=True)
    confirm = client.get(f"{url}/delete").get_data(as_text=True)
    assert "Delete “Adults”?" in confirm
    gone = post_form(client, f"{url}/delete", {}, follow_redirects=True)
    assert "is deleted" in gone.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Team.id))) == 0 and find_user("ann@example.org")
    assert client.get(url).status_code == 404


def upload(client, team_id, text: str, name="people.csv"):
    url = f"/admin/teams/{team_id}"
    return post_form(client, f"{url}/import", {"file": (io.BytesIO(text.encode()), name)},
                     token_from=url, content_type="multipart/form-data", follow_redirects=True)


def test_bulk_add_from_a_csv_makes_accounts_that_start_with_a_password_reset(
        app, client, inbox):
    sign_in_admin(client)
    make_user("ann@example.org", "Ann Archer")
    post_form(client, "/admin/teams", {"name": "Team"})
    team = db.session.scalar(select(Team))
    page = upload(client, team.id, "name,email\nAnn Archer,ann@example.org\n"
                                   "Siân Bloggs,Sian@Example.org\n\nBen Baker, ben@example.org \n")
    text = page.get_data(as_text=True)
    assert "3 added to Team (2 new accounts)." in text
    assert "We are emailing each new account a link to choose their password" in text
    assert members_of(team.id) == {"ann@example.org", "sian@example.org", "ben@example.org"}
    sian = find_user("sian@example.org")
    assert sian.name == "Siân Bloggs" and sian.role == "learner"
    assert sian.password_hash.startswith("!")
    assert authenticate("sian@example.org", "") is None
    again = upload(client, team.id, "Ann Archer,ann@example.org\n")
    assert "0 added to Team (0 new accounts, 1 already in the team)." in again.get_data(
        as_text=True)

    # the new account is usable after "Forgotten your password?"
    Auth(client).logout()
    post_form(client, "/forgot-password", {"email": "sian@example.org"})
    [mail] = inbox.wait()
    done = post_form(client, reset_link(mail), {"password": NEW, "confirm": NEW})
    assert done.status_code == 302
    assert authenticate("sian@example.org", NEW) is not None


def test_a_csv_with_problems_adds_nobody_and_says_which_lines(app, client):
    sign_in_admin(client)
    post_form(client, "/admin/teams", {"name": "Team"})
    team = db.session.scalar(select(Team))
    page = upload(client, team.id, "Ann Archer,ann@example.org\nJust a name\n"
                                   "Ben,not an email\nAnn again,ANN@example.org\n,x@example.org\n")
    text = page.get_data(as_text=True)
    assert "Nobody was added" in text
    for line in ("Line 2: needs a name and an email address", "Line 3: “not an email” is not",
                 "Line 4: ann@example.org is already on line 1",
                 "Line 5: the name is missing"):
        assert line in text, line
    assert members_of(team.id) == set() and find_user("ann@example.org") is None
    binary = upload(client, team.id, "")
    assert "The file has nobody in it." in binary.get_data(as_text=True)
    url = f"/admin/teams/{team.id}"
    no_file = post_form(client, f"{url}/import", {}, token_from=url,
                        content_type="multipart/form-data")
    assert "Choose a CSV file to upload." in no_file.get_data(as_text=True)
    latin1 = post_form(client, f"{url}/import",
                       {"file": (io.BytesIO("Siân,s@example.org".encode("latin-1")), "p.csv")},
                       token_from=url, content_type="multipart/form-data")
    assert "not plain text (UTF-8)" in latin1.get_data(as_text=True)


def test_roles_in_the_browser(app, client):
    sign_in_admin(client)
    mo = make_user("mo@example.org", "Mo Manager", role="manager")
    post_form(client, "/admin/teams", {"name": "Team"})
    team = db.session.scalar(select(Team))
    db.session.add(TeamManager(team_id=team.id, user_id=mo.id))
    db.session.commit()
    found = client.get("/admin/people?q=mo+manager").get_data(as_text=True)
    assert "1 person found" in found and "mo@example.org" in found
    everyone = client.get("/admin/people").get_data(as_text=True)
    assert "2 people" in everyone
    page = client.get(f"/admin/people/{mo.id}").get_data(as_text=True)
    assert "Team" in page and 'selected value="manager"' in page
    demoted = post_form(client, f"/admin/people/{mo.id}", {"role": "learner"},
                        follow_redirects=True)
    assert "Mo Manager is now a learner." in demoted.get_data(as_text=True)
    assert db.session.scalar(select(func.count(TeamManager.id))) == 0  # no longer manages
    admin = find_user("admin@example.org")
    mine = post_form(client, f"/admin/people/{admin.id}", {"role": "learner"})
    assert "You cannot take away your own admin role" in mine.get_data(as_text=True)
    assert find_user("admin@example.org").role == "admin"
    assert client.get("/admin/people/999999").status_code == 404

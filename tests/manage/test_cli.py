"""flask teams ..., flask users list / set-role, and flask demo --learners."""

from sqlalchemy import func, select

from courseware.domain.accounts import authenticate, find_user
from courseware.extensions import db
from courseware.models import (
    Assignment,
    Enrolment,
    Module,
    QuizAttempt,
    StepProgress,
    Team,
    TeamManager,
    TeamMember,
    User,
)
from tests.conftest import ROOT
from tests.factories import make_user


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_teams_commands(app, runner, tmp_path):
    make_user("ann@example.org", "Ann Archer")
    make_user("mo@example.org", "Mo Manager", role="manager")
    make_user("lee@example.org", "Lee Learner")
    made = runner.invoke(args=["teams", "create", "Children's services"])
    assert made.exit_code == 0 and "Made team 1" in made.output
    again = runner.invoke(args=["teams", "create", "children's SERVICES"])
    assert again.exit_code == 1 and "already a team called" in again.output
    assert runner.invoke(args=["teams", "add-member", "1", "ann@example.org"]).exit_code == 0
    not_a_manager = runner.invoke(args=["teams", "add-manager", "1", "lee@example.org"])
    assert not_a_manager.exit_code == 1 and "Change their role to manager" in not_a_manager.output
    added = runner.invoke(args=["teams", "add-manager", "Children's services", "mo@example.org"])
    assert added.exit_code == 0, added.output
    people = tmp_path / "people.csv"
    people.write_text("name,email\nBen Baker,ben@example.org\nAnn Archer,ANN@example.org\n")
    imported = runner.invoke(args=["teams", "import", "1", str(people)])
    assert imported.exit_code == 0, imported.output
    assert "1 added to Children's services: 1 new accounts, 1 already in the team" in (
        imported.output)
    assert "emailed a link to choose their password" in imported.output
    listing = runner.invoke(args=["teams", "list"])
    assert "Children's services\t2 learners\tmanaged by: Mo Manager" in listing.output
    shown = runner.invoke(args=["teams", "show", "1"])
    assert "ben@example.org\tBen Baker" in shown.output and "mo@example.org" in shown.output
    bad = tmp_path / "bad.csv"
    bad.write_text("Cat Cole\nDan,not-an-email\n")
    refused = runner.invoke(args=["teams", "import", "1", str(bad)])
    assert refused.exit_code == 1 and "Line 1" in refused.output and "Line 2" in refused.output
    assert runner.invoke(args=["teams", "remove-member", "1", "ben@example.org"]).exit_code == 0
    assert runner.invoke(args=["teams", "remove-manager", "1", "mo@example.org"]).exit_code == 0
    missing = runner.invoke(args=["teams", "show", "Nope"])
    assert missing.exit_code == 1 and "No team is called" in missing.output
    assert runner.invoke(args=["teams", "delete", "1", "--yes"]).exit_code == 0
    assert count(Team) == 0 and count(TeamMember) == 0 and find_user("ben@example.org")


def test_users_list_and_set_role(app, runner):
    make_user("ann@example.org", "Ann Archer")
    make_user("mo@example.org", "Mo Manager", role="manager")
    promoted = runner.invoke(args=["users", "set-role", "ann@example.org", "manager"])
    assert promoted.exit_code == 0 and "is now a manager" in promoted.output
    listing = runner.invoke(args=["users", "list", "--role", "manager"])
    assert listing.output.splitlines() == ["ann@example.org\tmanager\tAnn Archer",
                                           "mo@example.org\tmanager\tMo Manager"]
    nobody = runner.invoke(args=["users", "set-role", "x@example.org", "admin"])
    assert nobody.exit_code == 1


def test_demo_makes_a_demo_team(app, runner):
    result = runner.invoke(args=["demo", "--modules", str(ROOT / "modules")])
    assert result.exit_code == 0, result.output
    team = db.session.scalar(select(Team).where(Team.name == "Your demo team"))
    manager, learner = find_user("manager@example.org"), find_user("learner@example.org")
    assert db.session.scalar(select(TeamManager.user_id).where(TeamManager.team_id == team.id)) \
        == manager.id
    assert db.session.scalar(select(TeamMember.user_id).where(TeamMember.team_id == team.id)) \
        == learner.id
    assert count(Assignment) == 1
    assert runner.invoke(args=["demo", "--modules", str(ROOT / "modules")]).exit_code == 0
    assert count(Team) == 1


def test_demo_learners_makes_an_organisation_with_bulk_inserts(app, runner):
    first = runner.invoke(args=["demo", "--modules", str(ROOT / "modules")])
    password = first.output.split("new each time this runs: ")[1].split()[0]
    result = runner.invoke(args=["demo", "--modules", str(ROOT / "modules"),
                                 "--learners", "250"])
    assert result.exit_code == 0, result.output
    assert "Made 250 learners in 3 teams" in result.output
    assert count(Module) == 50
    assert db.session.scalar(select(func.count(User.id)).where(
        User.email.like("%@demo.example.org"), User.role == "learner")) == 250
    assert count(StepProgress) == 250 * 20
    assert count(Enrolment) > 250 and count(QuizAttempt) > 0
    assert count(Assignment) == 1 + 3 * 5
    # the demo manager manages two of the new teams (and the small demo team)
    manager = find_user("manager@example.org")
    assert db.session.scalar(select(func.count()).select_from(TeamManager).where(
        TeamManager.user_id == manager.id)) == 3
    # demo accounts keep their password, so a benchmark can sign in with the first one
    assert authenticate("manager@example.org", password) is not None
    # made learners cannot sign in until they set a password
    assert db.session.scalar(select(User.password_hash).where(
        User.email == "learner00001@demo.example.org")).startswith("!")
    again = runner.invoke(args=["demo", "--modules", str(ROOT / "modules"), "--learners", "250"])
    assert "already there" in again.output and count(StepProgress) == 5000

"""Assigning modules, and learners seeing "Assigned to you" first, with due and overdue dates."""

from datetime import date

from sqlalchemy import func, select

from courseware.domain.my_learning import my_assignments
from courseware.extensions import db
from courseware.models import Assignment, Enrolment
from tests.factories import Auth, post_form
from tests.manage.conftest import TODAY


def assignments_url(org):
    return f"/manage/teams/{org.team_a.id}/assignments"


def test_a_manager_assigns_to_the_whole_team_and_changes_the_due_date(app, client, org):
    Auth(client).login("mo@example.org")
    form = {"module": str(org.other.module_id), "who": "team", "due_on": "2026-04-30"}
    done = post_form(client, assignments_url(org), form, follow_redirects=True)
    text = done.get_data(as_text=True)
    assert "is assigned to everyone in the team, due by 30 April 2026" in text
    again = post_form(client, assignments_url(org), form | {"due_on": "2026-05-31"})
    assert again.status_code == 302
    rows = db.session.scalars(select(Assignment).where(
        Assignment.module_id == org.other.module_id, Assignment.user_id.is_(None))).all()
    assert [r.due_on for r in rows] == [date(2026, 5, 31)]
    page = client.get(assignments_url(org)).get_data(as_text=True)
    assert "Everyone in the team" in page and "31 May 2026" in page


def test_assigning_to_chosen_people_ignores_anyone_outside_the_team(app, client, org):
    Auth(client).login("mo@example.org")
    form = [("module", str(org.other.module_id)), ("who", "chosen"),
            ("learners", str(org.ann.id)), ("learners", str(org.dan.id))]
    response = post_form(client, assignments_url(org), form, follow_redirects=True)
    assert "assigned to 1 person" in response.get_data(as_text=True)
    assigned = set(db.session.scalars(select(Assignment.user_id).where(
        Assignment.module_id == org.other.module_id)))
    assert assigned == {org.ben.id, org.ann.id}  # Ben's from before, Ann now; never Dan
    assert all(a.module_id != org.other.module_id for a in my_assignments(org.dan, TODAY))


def test_mistakes_in_the_form_are_explained(app, client, org):
    Auth(client).login("mo@example.org")
    nothing_ticked = post_form(client, assignments_url(org),
                               {"module": str(org.tiny.module_id), "who": "chosen"})
    text = nothing_ticked.get_data(as_text=True)
    assert nothing_ticked.status_code == 200
    assert "There is a problem" in text and "Tick at least one person" in text
    no_module = post_form(client, assignments_url(org), {"module": "0", "who": "team",
                                                         "due_on": "31/02/2026"})
    text = no_module.get_data(as_text=True)
    assert "Choose one of the modules in the list." in text and "Enter a real date" in text
    assert db.session.scalar(select(func.count(Assignment.id))) == 3


def test_a_due_date_in_the_past_is_assigned_only_once_the_manager_confirms_it(
        app, client, org):
    Auth(client).login("mo@example.org")
    form = {"module": str(org.other.module_id), "who": "team", "due_on": "2026-03-09"}
    warned = post_form(client, assignments_url(org), form)
    text = warned.get_data(as_text=True)
    assert warned.status_code == 200 and "There is a problem" in text
    assert "The due date, 9 March 2026, is in the past" in text
    assert 'name="past_due_ok"' in text and "Yes, the date is in the past" in text
    assert 'value="2026-03-09"' in text  # what they typed is kept
    assert db.session.scalar(select(func.count(Assignment.id))) == 3
    done = post_form(client, assignments_url(org), form | {"past_due_ok": "y"},
                     follow_redirects=True)
    assert "is assigned to everyone in the team, due by 9 March 2026" in done.get_data(
        as_text=True)
    due = db.session.scalar(select(Assignment.due_on).where(
        Assignment.module_id == org.other.module_id, Assignment.user_id.is_(None)))
    assert due == date(2026, 3, 9)


def test_a_due_date_of_today_or_later_needs_no_confirmation(app, client, org):
    Auth(client).login("mo@example.org")
    page = client.get(assignments_url(org)).get_data(as_text=True)
    assert "past_due_ok" not in page
    form = {"module": str(org.other.module_id), "who": "team", "due_on": "2026-03-10"}
    assert post_form(client, assignments_url(org), form).status_code == 302


def test_removing_an_assignment_keeps_progress(app, client, org):
    Auth(client).login("mo@example.org")
    anything = db.session.scalar(select(Assignment.id).where(Assignment.team_id == org.team_a.id,
                                                              Assignment.user_id.is_(None)))
    response = post_form(client, f"{assignments_url(org)}/{anything}/remove", {},
                         token_from=assignments_url(org), follow_redirects=True)
    assert "Nobody loses any progress" in response.get_data(as_text=True)
    assert db.session.get(Assignment, anything) is None
    assert db.session.scalar(select(func.count(Enrolment.id))) == 3
    gone = post_form(client, f"{assignments_url(org)}/{anything}/remove", {},
                     token_from=assignments_url(org))
    assert gone.status_code == 404


def test_learners_see_assigned_modules_first_with_due_dates(app, client, org):
    assigned = my_assignments(org.cat, TODAY)
    assert [(a.title, a.due_on, a.overdue, a.enrolment_id) for a in assigned] == [
        ("A tiny module for tests", date(2026, 3, 1), True, None)]
    assert my_assignments(org.cat, date(2026, 3, 1))[0].overdue is False
    # Ann completed it: it is no longer waiting for her
    assert my_assignments(org.ann, TODAY) == []
    ben = my_assignments(org.ben, TODAY)
    assert [(a.title, a.done, a.total, a.overdue) for a in ben] == [
        ("A tiny module for tests", 2, 4, True), ("A tiny module for tests", 0, 0, False)]

    Auth(client).login("ben@example.org")
    page = client.get("/my-learning").get_data(as_text=True)
    assert page.index("Assigned to you") < page.index("In progress") < page.index("Completed")
    assert "Overdue</strong> It was due on 1 March 2026." in page
    assert "No due date." in page and "2 of 4 steps done" in page
    # the module in progress is listed once, under "Assigned to you"
    assert page.count("Continue where you left off") == 1


def test_an_assigned_module_in_progress_is_not_called_nothing_in_progress(app, client, org):
    Auth(client).login("ben@example.org")
    page = client.get("/my-learning").get_data(as_text=True)
    section = page[page.index("<h2>In progress</h2>"):page.index("<h2>Completed</h2>")]
    assert "Nothing in progress" not in section
    assert "1 module you were assigned is in progress" in section
    assert 'href="#assigned"' in section and 'id="assigned"' in page
    Auth(client).logout()
    Auth(client).login("cat@example.org")  # assigned, not started
    page = client.get("/my-learning").get_data(as_text=True)
    assert "Nothing in progress" in page and "you were assigned" not in page


def test_a_learner_in_no_team_sees_my_learning_as_before(app, client, org):
    from tests.factories import make_user

    make_user("solo@example.org", "Solo")
    Auth(client).login("solo@example.org")
    page = client.get("/my-learning").get_data(as_text=True)
    assert "Assigned to you" not in page and "Nothing in progress" in page

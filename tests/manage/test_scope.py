"""A manager of team B finds nothing of team A, whatever id they type: every manager route."""

import re

import pytest
from sqlalchemy import select

from courseware.domain.access import learner_in_scope, team_in_scope
from courseware.domain.cpd_sharing import managed_learner_ids
from courseware.extensions import db
from courseware.models import Assignment, Certificate, QuizAttempt
from tests.cpd.helpers import make_entry
from tests.factories import Auth, csrf_token


def manager_routes(app):
    """Every route that needs the manager role, with its methods."""
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        if getattr(view, "required_role", None) == "manager":
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield method, rule


def ids_of(org, team, learner):
    attempt = db.session.scalar(select(QuizAttempt.id).where(QuizAttempt.user_id == learner.id))
    assignment = db.session.scalar(select(Assignment.id).where(Assignment.team_id == team.id))
    certificate = db.session.scalar(select(Certificate.id).where(
        Certificate.user_id == learner.id))
    return {"team_id": team.id, "user_id": learner.id, "attempt_id": attempt,
            "assignment_id": assignment, "slug": "tiny-module", "certificate_id": certificate}


def answers(app, client, values) -> dict:
    """The status of every manager route built with these values (GETs before POSTs, so that
    a removal does not hide what the pages would show)."""
    out = {}
    for method, rule in sorted(manager_routes(app), key=lambda r: (r[0] != "GET", r[1].rule)):
        if not rule.arguments:
            continue
        url = rule.build({k: values[k] for k in rule.arguments})[1]
        if method == "GET":
            out[(method, rule.endpoint)] = client.get(url).status_code
        else:
            token = csrf_token(client, "/forgot-password")
            out[(method, rule.endpoint)] = client.post(url, data={"csrf_token": token}).status_code
    return out


def test_the_manager_routes_are_all_covered(app):
    endpoints = {rule.endpoint for _, rule in manager_routes(app)}
    assert {"manage.dashboard", "manage.export_csv", "manage.assignments",
            "manage.remove_assignment", "manage.module_page", "manage.learner",
            "manage.overview", "cpd.team", "cpd.team_entry",
            "certificates.revoke_certificate"} <= endpoints


def test_a_manager_of_another_team_gets_404_for_everything(app, client, org):
    theirs = ids_of(org, org.team_a, org.ann)
    entry = make_entry(org.ann, shared_with_manager=True, title="Ann's shared entry")
    Auth(client).login("ola@example.org")
    got = answers(app, client, theirs | {"entry_id": entry.id})
    assert got and set(got.values()) == {404}, got
    # ...and with their own team's id beside the other team's learner or assignment
    mixed = theirs | {"team_id": org.team_b.id}
    got = answers(app, client, mixed | {"entry_id": entry.id})
    assert {k: v for k, v in got.items() if k[1] in (
        "manage.learner", "manage.remove_assignment",
        "certificates.revoke_certificate")} == {
        ("GET", "manage.learner"): 404,
        ("POST", "manage.remove_assignment"): 404,
        ("GET", "certificates.revoke_certificate"): 404,
        ("POST", "certificates.revoke_certificate"): 404}
    own = ids_of(org, org.team_b, org.dan)
    overview = client.get("/manage").get_data(as_text=True)
    assert "Team B" in overview and "Team A" not in overview
    team_cpd = client.get("/cpd/team").get_data(as_text=True)
    assert "Dan Dale" in team_cpd and "Ann Archer" not in team_cpd
    # the same routes answer for their own team, so the 404s above are not an accident
    assert set(answers(app, client, own | {"entry_id": entry.id}).values()) - {404} == {
        200, 302}


def test_the_team_a_manager_sees_team_a_only(app, client, org):
    Auth(client).login("mo@example.org")
    assert client.get(f"/manage/teams/{org.team_a.id}").status_code == 200
    assert client.get(f"/manage/learners/{org.ann.id}").status_code == 200
    assert client.get(f"/manage/teams/{org.team_b.id}").status_code == 404
    assert client.get(f"/manage/teams/{org.team_b.id}/export.csv").status_code == 404
    assert client.get(f"/manage/learners/{org.dan.id}").status_code == 404
    csv_text = client.get(f"/manage/teams/{org.team_a.id}/export.csv").get_data(as_text=True)
    assert "Dan Dale" not in csv_text and "Ann Archer" in csv_text
    page = client.get(f"/manage/teams/{org.team_a.id}/modules/tiny-module")
    assert page.status_code == 200
    # an id that does not exist at all is a 404 too
    assert client.get("/manage/teams/999999").status_code == 404
    assert client.get("/manage/learners/999999").status_code == 404


def test_admins_see_every_team(app, client, org):
    Auth(client).login("admin@example.org")
    for url in (f"/manage/teams/{org.team_a.id}", f"/manage/teams/{org.team_b.id}",
                f"/manage/learners/{org.dan.id}", f"/manage/learners/{org.ann.id}"):
        assert client.get(url).status_code == 200, url
    overview = client.get("/manage").get_data(as_text=True)
    assert "Team A" in overview and "Team B" in overview


def test_scope_is_a_query_not_a_filter_afterwards(app, org):
    assert team_in_scope(org.ola, org.team_a.id) is None
    assert team_in_scope(org.mo, org.team_a.id).name == "Team A"
    assert team_in_scope(org.admin, org.team_b.id).name == "Team B"
    assert learner_in_scope(org.ola, org.ann.id) is None
    assert learner_in_scope(org.ola, org.dan.id).name == "Dan Dale"
    assert learner_in_scope(org.ann, org.ben.id) is None  # a learner manages nobody
    assert managed_learner_ids(org.mo) == {org.ann.id, org.ben.id, org.cat.id}
    assert managed_learner_ids(org.admin) == set()  # no special right to CPD reflections


@pytest.mark.parametrize("path", ["/manage", "/admin/teams"])
def test_learners_cannot_reach_manager_or_admin_pages(app, client, org, path):
    Auth(client).login("ann@example.org")
    assert client.get(path).status_code == 403
    assert not re.search(r'href="/manage"', client.get("/my-learning").get_data(as_text=True))

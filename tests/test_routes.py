"""Every route states its role, and every role gets the expected answer from every route.

The table below is the access policy. A route missing from it fails the suite, so a new route
cannot be added without deciding who may use it. Ids in URLs belong to someone else (the owner),
so that object-level checks are exercised, not just role checks.
"""

import io
import re

import pytest
from sqlalchemy import select

from courseware.domain.accounts import find_user
from courseware.domain.module_drafts import create_draft, version_files
from courseware.extensions import db
from courseware.manage.assignments import assign
from courseware.manage.people import create_team
from courseware.models import (
    Assignment,
    CpdAttachment,
    DraftFile,
    Module,
    SignIn,
    TeamManager,
    TeamMember,
)
from courseware.security import ANYONE
from tests.cpd.helpers import make_entry, png_bytes
from tests.factories import Auth, csrf_token, make_user, post_form

ROLES = ["anonymous", "learner", "trainer", "manager", "other_manager", "admin"]
SIGNED_IN_ROLES = ROLES[1:]


def everyone(code):
    return dict.fromkeys(ROLES, code)


def signed_in(code, anonymous=302):
    return {"anonymous": anonymous} | dict.fromkeys(SIGNED_IN_ROLES, code)


def only(*roles, allowed=200):
    """Signed-in users outside these roles are refused (403); anonymous visitors sign in."""
    return signed_in(403) | dict.fromkeys(roles, allowed)


def team_only(allowed=200):
    """For the owner's team's manager and admins; a manager of another team finds nothing."""
    return only("manager", "admin", allowed=allowed) | {"other_manager": 404}


def authoring(admin=200, trainer=404):
    """Trainers and admins only; the draft, module and version belong to another trainer."""
    return signed_in(403) | {"trainer": trainer, "admin": admin}


# (method, endpoint) -> expected status for each role.
EXPECTED = {
    ("GET", "main.healthz"): everyone(200),
    ("GET", "notifications.preferences"): signed_in(200),
    ("POST", "notifications.preferences"): signed_in(200),
    ("GET", "notifications.unsubscribe"): everyone(404),  # not a real token
    ("POST", "notifications.unsubscribe"): everyone(404),
    ("POST", "notifications.reset_calendar"): signed_in(302),
    ("GET", "notifications.calendar_feed"): everyone(404),  # not a real token
    ("GET", "main.media"): everyone(200),
    ("GET", "main.help_page"): everyone(200),
    ("GET", "auth.register"): signed_in(302, anonymous=200),
    ("POST", "auth.register"): signed_in(302, anonymous=200),
    ("GET", "auth.login"): signed_in(302, anonymous=200),
    ("POST", "auth.login"): signed_in(302, anonymous=200),
    ("POST", "auth.logout"): everyone(302),
    ("GET", "auth.forgot_password"): everyone(200),
    ("POST", "auth.forgot_password"): everyone(200),
    ("GET", "auth.reset_password"): everyone(404),
    ("POST", "auth.reset_password"): everyone(404),
    ("GET", "auth.welcome"): everyone(404),  # not a real token
    ("POST", "auth.welcome"): everyone(404),
    ("GET", "auth.account"): signed_in(200),
    ("POST", "auth.account"): signed_in(200),
    ("POST", "auth.sign_out_all"): everyone(302),
    ("POST", "auth.end_sign_in_view"): signed_in(404),  # the owner's sign-in: nobody else's
    ("POST", "auth.change_name"): signed_in(200),
    ("POST", "auth.change_email"): signed_in(200),
    ("GET", "auth.confirm_email"): everyone(404),
    ("POST", "auth.confirm_email"): everyone(404),
    ("GET", "auth.delete_account_view"): signed_in(200),
    ("POST", "auth.delete_account_view"): signed_in(200),
    ("GET", "catalogue.index"): everyone(200),
    ("GET", "catalogue.module"): everyone(200),
    ("POST", "learn.start"): everyone(302),
    ("GET", "learn.resume"): signed_in(404),
    ("GET", "learn.step"): signed_in(404),
    ("POST", "learn.submit_quiz"): signed_in(404),
    ("GET", "learn.attempt"): signed_in(404),
    ("POST", "learn.save_reflection"): signed_in(404),
    ("POST", "learn.autosave_reflection"): signed_in(404),
    ("GET", "learn.finish"): signed_in(404),
    ("GET", "learn.my_learning"): signed_in(200),
    ("GET", "cpd.record"): signed_in(200),
    ("GET", "cpd.new"): signed_in(200),
    ("POST", "cpd.new"): signed_in(200),
    ("GET", "cpd.edit"): signed_in(404),
    ("POST", "cpd.edit"): signed_in(404),
    ("POST", "cpd.autosave_new"): signed_in(200),  # nothing typed: nothing saved
    ("POST", "cpd.autosave"): signed_in(404),
    ("GET", "cpd.entry"): signed_in(404),
    ("GET", "cpd.delete"): signed_in(404),
    ("POST", "cpd.delete"): signed_in(404),
    ("POST", "cpd.upload"): signed_in(404),
    ("GET", "cpd.attachment"): signed_in(404),
    ("POST", "cpd.remove_attachment"): signed_in(404),
    ("POST", "cpd.sharing"): signed_in(404),
    ("GET", "cpd.from_module"): signed_in(404),
    ("GET", "cpd.export_pdf"): signed_in(200),
    ("GET", "cpd.export_csv"): signed_in(200),
    ("GET", "cpd.my_data"): signed_in(200),
    ("GET", "cpd.my_data_download"): signed_in(200),
    ("GET", "cpd.team"): only("manager", "other_manager", "admin"),
    ("GET", "cpd.team_csv"): only("manager", "other_manager", "admin"),
    ("GET", "cpd.team_entry"): only("manager", "other_manager", "admin", allowed=404),
    ("POST", "learn.restart"): everyone(302),
    ("GET", "authoring.home"): authoring(trainer=200),
    ("GET", "authoring.new_module"): authoring(trainer=200),
    ("POST", "authoring.new_module"): authoring(trainer=200),
    ("GET", "authoring.upload"): authoring(trainer=200),
    ("POST", "authoring.upload"): authoring(422, trainer=422),
    ("GET", "authoring.replace_upload"): authoring(),
    ("POST", "authoring.replace_upload"): authoring(422),
    ("GET", "authoring.draft"): authoring(),
    ("GET", "authoring.details"): authoring(),
    ("POST", "authoring.details"): authoring(),
    ("POST", "authoring.add"): authoring(422),
    ("POST", "authoring.move_step"): authoring(302),
    ("POST", "authoring.remove"): authoring(),
    ("POST", "authoring.delete"): authoring(),
    ("GET", "authoring.step"): authoring(),
    ("POST", "authoring.step"): authoring(422),
    ("POST", "authoring.add_question"): authoring(422),
    ("GET", "authoring.question"): authoring(),
    ("POST", "authoring.question"): authoring(422),
    ("POST", "authoring.move_question"): authoring(302),
    ("POST", "authoring.remove_question"): authoring(),
    ("POST", "authoring.markdown_preview"): authoring(),
    ("GET", "authoring.draft_media"): authoring(),
    ("GET", "authoring.files"): authoring(),
    ("GET", "authoring.draft_file"): authoring(),
    ("POST", "authoring.draft_file"): authoring(302),
    ("POST", "authoring.remove_file"): authoring(),
    ("GET", "authoring.publish_draft"): authoring(),
    ("POST", "authoring.publish_draft"): authoring(422),
    ("GET", "authoring.preview"): authoring(),
    ("POST", "authoring.preview_start"): authoring(302),
    ("GET", "authoring.preview_step"): authoring(),
    ("POST", "authoring.preview_quiz"): authoring(),
    ("POST", "authoring.preview_reflection"): authoring(404),
    ("GET", "authoring.preview_end"): authoring(),
    ("POST", "authoring.retire"): authoring(302),
    ("POST", "authoring.restore"): authoring(302),
    ("POST", "authoring.draft_from_version"): authoring(302),
    ("GET", "authoring.export"): authoring(),
    ("GET", "authoring.audit"): only("admin"),
    ("GET", "certificates.mine"): signed_in(200),
    ("GET", "certificates.for_enrolment"): signed_in(404),
    ("GET", "certificates.show"): signed_in(404),
    ("GET", "certificates.pdf"): signed_in(404),
    ("GET", "certificates.credential"): signed_in(404),
    ("POST", "certificates.renew"): signed_in(404),
    ("GET", "certificates.check"): everyone(200),
    ("GET", "certificates.verify"): everyone(200),
    ("GET", "certificates.verify_json"): everyone(200),
    ("GET", "certificates.qr"): everyone(200),
    ("GET", "certificates.jwks"): everyone(200),
    ("GET", "certificates.status_list"): everyone(200),
    # Admins, and the manager of the owner's team; another team's manager finds nothing.
    ("GET", "certificates.revoke_certificate"): team_only(),
    ("POST", "certificates.revoke_certificate"): team_only(),  # the form again, for a reason
    # Managers: "manager" manages the owner's team, "other_manager" another team (404).
    ("GET", "manage.overview"): only("manager", "other_manager", "admin"),
    ("GET", "manage.dashboard"): team_only(),
    ("GET", "manage.export_csv"): team_only(),
    ("GET", "manage.assignments"): team_only(),
    ("POST", "manage.assignments"): team_only(),
    ("POST", "manage.remove_assignment"): team_only(302),
    ("GET", "manage.module_page"): team_only(),
    ("GET", "manage.learner"): team_only(),
    # Admins: teams, memberships and roles.
    ("GET", "manage.teams"): only("admin"),
    ("POST", "manage.teams"): only("admin"),
    ("GET", "manage.team_admin"): only("admin"),
    ("POST", "manage.add_member_view"): only("admin"),
    ("POST", "manage.add_manager_view"): only("admin"),
    ("POST", "manage.remove_member_view"): only("admin", allowed=302),
    ("POST", "manage.remove_manager_view"): only("admin", allowed=404),  # the owner manages none
    ("POST", "manage.import_view"): only("admin"),
    ("POST", "manage.rename_view"): only("admin"),
    ("GET", "manage.delete_view"): only("admin"),
    ("POST", "manage.delete_view"): only("admin", allowed=302),
    ("GET", "manage.people"): only("admin"),
    ("GET", "manage.person"): only("admin"),
    ("POST", "manage.person"): only("admin"),
    ("POST", "manage.person_details"): only("admin"),
    ("GET", "notifications.sent_log"): only("admin"),
    ("POST", "notifications.pause"): only("admin", allowed=302),
}


def routes(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield method, rule


def test_every_route_states_a_role(app):
    missing = [r.rule for _, r in routes(app)
               if not hasattr(app.view_functions[r.endpoint], "required_role")]
    assert missing == [], f"routes without @role(...): {missing}"


def test_every_route_is_in_the_access_table(app):
    present = {(method, rule.endpoint) for method, rule in routes(app)}
    assert present - set(EXPECTED) == set(), "add these routes to EXPECTED"
    assert set(EXPECTED) - present == set(), "these routes no longer exist"


def owned_ids(client, module) -> dict:
    """Ids that belong to the owner: an enrolment, a quiz attempt, a CPD entry and its file, the
    owner's team (managed by "manager"; "other_manager" manages another team), an
    assignment in it, and the owner's sign-in (ended)."""
    owner = make_user("owner@example.org", "Owner")
    manager = make_user("manager@example.org", role="manager")
    other_manager = make_user("other_manager@example.org", role="manager")
    team = create_team("Owner's team")
    db.session.add_all([TeamMember(team_id=team.id, user_id=owner.id),
                        TeamManager(team_id=team.id, user_id=manager.id)])
    other_team = create_team("Another team")
    db.session.add(TeamManager(team_id=other_team.id, user_id=other_manager.id))
    db.session.commit()
    assign(team.id, module.module_id, None, None, manager)
    assignment_id = db.session.scalar(select(Assignment.id))
    Auth(client).login("owner@example.org")
    start = post_form(client, "/modules/tiny-module/start", {}, token_from="/modules/tiny-module")
    eid = int(re.search(r"/learn/(\d+)", start.headers["Location"]).group(1))
    answers = [("q-q1", "0"), ("q-q2", "0"), ("q-q3", "true"), ("q-q4", "x")]
    attempt = post_form(client, f"/learn/{eid}/steps/check/quiz", answers,
                        token_from=f"/learn/{eid}/steps/check")
    attempt_id = int(attempt.headers["Location"].rsplit("/", 1)[1])
    entry_id = make_entry(owner).id
    picture = {"file": (io.BytesIO(png_bytes()), "a.png")}
    files = post_form(client, f"/cpd/{entry_id}/files", picture, token_from=f"/cpd/{entry_id}",
                      content_type="multipart/form-data")
    assert files.status_code == 302, files.status_code
    attachment_id = db.session.scalar(select(CpdAttachment.id))
    sign_in_id = db.session.scalar(select(SignIn.id).where(SignIn.user_id == owner.id))
    Auth(client).logout()
    cert = owned_certificate(eid)
    sha = module.data["media"]["media/square.png"]["sha256"]
    return {"slug": "tiny-module", "enrolment_id": eid, "key": "check", "attempt_id": attempt_id,
            "sha256": sha, "token": "not-a-real-token", "entry_id": entry_id,
            "attachment_id": attachment_id, "team_id": team.id, "assignment_id": assignment_id,
            "user_id": owner.id, "certificate_id": cert.id, "code": cert.code,
            "sign_in_id": sign_in_id,
            **authored_ids(module)}


def authored_ids(version) -> dict:
    """Ids of a module, its version and a draft of it with its files, all another trainer's."""
    author = make_user("author@example.org", "Author", "trainer")
    db.session.get(Module, version.module_id).owner_id = author.id
    draft = create_draft(author, version_files(version), module=version.module, based_on=version)
    db.session.commit()
    lesson = db.session.scalar(select(DraftFile.id).where(
        DraftFile.draft_id == draft.id, DraftFile.path == "lessons/01-welcome.md"))
    return {"draft_id": draft.id, "position": 3, "qposition": 1, "file_id": lesson,
            "module_id": version.module_id, "version_id": version.id}


def owned_certificate(eid: int):
    """The owner's enrolment marked complete, with its certificate issued."""
    from courseware import clock
    from courseware.domain.certificates import issue_certificate
    from courseware.models import Enrolment

    enrolment = db.session.get(Enrolment, eid)
    enrolment.completed_at = clock.now()
    cert = issue_certificate(enrolment)
    db.session.commit()
    return cert


def sign_in_as(client, role_name: str) -> None:
    if role_name == "anonymous":
        return
    account_role = {"other_manager": "manager"}.get(role_name, role_name)
    email = f"{role_name}@example.org"
    if find_user(email) is None:
        make_user(email, role=account_role)
    assert Auth(client).login(email).status_code == 302


@pytest.mark.parametrize("role_name", ROLES)
def test_each_role_gets_the_expected_answer(app, client, module, role_name):
    app.config.update(LOGIN_LIMIT_PER_ADDRESS="1000 per minute")
    values = owned_ids(client, module)
    sign_in_as(client, role_name)
    answers = {}
    cached = []
    for method, rule in routes(app):
        if rule.endpoint in ("auth.logout", "auth.sign_out_all"):
            continue  # checked last: they end the session
        url = rule.build({k: values[k] for k in rule.arguments})[1]
        if method == "GET":
            response = client.get(url)
            if is_private(app, rule, role_name) and \
                    "no-store" not in response.headers.get("Cache-Control", ""):
                cached.append((url, response.status_code, response.headers.get("Cache-Control")))
        else:
            response = client.post(url, data={"csrf_token": csrf_token(client, "/forgot-password")})
        answers[(method, rule.endpoint)] = response.status_code
    for endpoint in ("auth.logout", "auth.sign_out_all"):
        url = app.url_map._rules_by_endpoint[endpoint][0].build({})[1]
        token = csrf_token(client, "/forgot-password")
        answers[("POST", endpoint)] = client.post(url, data={"csrf_token": token}).status_code
    expected = {key: table[role_name] for key, table in EXPECTED.items()}
    wrong = {key: (answers.get(key), code) for key, code in expected.items()
             if answers.get(key) != code}
    assert wrong == {}, f"{role_name}: (got, expected) {wrong}"
    assert cached == [], f"{role_name}: private pages a browser or proxy may keep: {cached}"


def is_private(app, rule, role_name: str) -> bool:
    """A page only a signed-in person reaches, visited signed in: nothing may keep a copy."""
    view = app.view_functions[rule.endpoint]
    return role_name != "anonymous" and view.required_role != ANYONE


def test_anonymous_visitors_are_sent_to_sign_in(app, client, module):
    for method, rule in routes(app):
        view = app.view_functions[rule.endpoint]
        if view.required_role == ANYONE:
            continue
        values = {"slug": "tiny-module", "enrolment_id": 1, "key": "check", "attempt_id": 1,
                  "entry_id": 1, "attachment_id": 1, "draft_id": 1, "position": 1,
                  "qposition": 1, "file_id": 1, "module_id": 1, "version_id": 1,
                  "sha256": "0" * 64, "certificate_id": 1, "code": "0000-0000-0000-0000-00",
                  "team_id": 1, "assignment_id": 1, "user_id": 1, "sign_in_id": 1}
        url = rule.build({k: values[k] for k in rule.arguments})[1]
        response = client.open(url, method=method,
                               data={"csrf_token": csrf_token(client, "/forgot-password")})
        assert response.status_code == 302 and "/login" in response.headers["Location"], url

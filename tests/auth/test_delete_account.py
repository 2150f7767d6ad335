"""A person deletes their own account: their personal data goes, anonymous counts stay."""

import io
import re

import pytest
from sqlalchemy import func, select

from courseware.domain.accounts import find_user
from courseware.extensions import db
from courseware.models import (
    Assignment,
    Certificate,
    CpdAttachment,
    CpdAttachmentData,
    CpdEntry,
    Enrolment,
    FormSubmission,
    KeptForm,
    KnownAddress,
    QuizAttempt,
    Reflection,
    SignIn,
    StepProgress,
    TeamManager,
    TeamMember,
    User,
)
from tests.auth.test_profile import ask_for, by_recipient, confirm_link
from tests.auth.test_reset_and_sessions import reset_link
from tests.certificates.helpers import complete
from tests.clock import london
from tests.cpd.helpers import make_entry, png_bytes
from tests.factories import PASSWORD, Auth, make_user, post_form
from tests.manage.helpers import assign_to, make_team


@pytest.fixture(autouse=True)
def a_day_in_march(time_machine):
    time_machine.move_to(london(2026, 3, 21, 12))


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def delete_account(client, password: str = PASSWORD, **kwargs):
    return post_form(client, "/account/delete", {"password": password}, **kwargs)


def a_full_record(client, module, learner) -> Certificate:
    """Lee completes the module (a quiz, a reflection, a certificate), keeps a CPD entry with a
    file, is in a team with an assignment; the team's manager is Mo."""
    mo = make_user("mo@example.org", "Mo Manager", role="manager")
    team = make_team("Team A", [learner], [mo])
    assign_to(team, module, users=[learner])
    Auth(client).login()
    complete(client)
    entry = make_entry(learner, title="Supervision with Ama")
    upload = post_form(client, f"/cpd/{entry.id}/files",
                       {"file": (io.BytesIO(png_bytes()), "evidence.png")},
                       token_from=f"/cpd/{entry.id}", content_type="multipart/form-data")
    assert upload.status_code == 302
    return db.session.scalar(select(Certificate))


def test_the_delete_page_offers_the_data_download_and_says_what_happens(
        client, auth, module, learner):
    a_full_record(client, module, learner)
    page = client.get("/account/delete")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'href="/my-data"' in text and "Download everything we hold about you" in text
    assert 'href="/my-certificates"' in text
    assert "will still confirm that a certificate with its code was issued" in text
    assert "but not your name" in text
    assert 'type="password"' in text and 'autocomplete="current-password"' in text
    assert 'href="/account/delete"' in client.get("/account").get_data(as_text=True)


def test_deleting_removes_personal_data_and_keeps_anonymous_counts(
        app, client, auth, module, learner):
    cert = a_full_record(client, module, learner)
    phone = app.test_client()
    assert Auth(phone).login().status_code == 302
    uid = learner.id
    enrolments, steps = count(Enrolment), count(StepProgress)
    attempts = count(QuizAttempt, QuizAttempt.user_id == uid)
    assert attempts == 1 and count(Reflection) == 1 and count(CpdAttachmentData) == 1
    assert count(SignIn, SignIn.user_id == uid) == 2
    db.session.add(KeptForm(user_id=uid, page="/cpd/new", fields=[["title", "Kept words"]]))
    db.session.commit()
    assert count(KnownAddress, KnownAddress.user_id == uid) == 1  # where Lee signs in from

    wrong = delete_account(client, "not my password at all")
    assert wrong.status_code == 200
    assert "That is not your password. Try again." in wrong.get_data(as_text=True)
    assert find_user("learner@example.org") is not None

    done = delete_account(client, follow_redirects=True)
    text = done.get_data(as_text=True)
    assert "Your account is deleted and you are signed out." in text
    assert client.get("/account").status_code == 302  # signed out
    assert phone.get("/account").status_code == 302  # on every device
    assert Auth(client).login().status_code == 200  # and cannot sign in again

    # Personal data: gone.
    assert find_user("learner@example.org") is None
    person = db.session.get(User, uid)
    assert person.deleted_at is not None
    assert "Lee" not in person.name and "learner@" not in person.email
    assert person.password_hash.startswith("!")
    assert count(SignIn, SignIn.user_id == uid) == 0  # the devices and times it signed in
    for model in (CpdEntry, CpdAttachment, CpdAttachmentData, Reflection, KeptForm,
                  FormSubmission, KnownAddress):
        assert count(model) == 0, model
    assert count(TeamMember, TeamMember.user_id == uid) == 0
    assert count(Assignment, Assignment.user_id == uid) == 0
    assert all(a.answers == {} and a.results == [] for a in db.session.scalars(
        select(QuizAttempt)))
    db.session.refresh(cert)
    assert cert.learner_name == ""

    # Anonymous counts: kept, tied to nobody.
    assert count(Enrolment) == enrolments and count(StepProgress) == steps
    assert count(QuizAttempt, QuizAttempt.user_id == uid) == attempts
    assert count(Enrolment, Enrolment.completed_at.is_not(None)) == 1
    assert count(Certificate) == 1

    # The address is free again.
    assert make_user("learner@example.org", "Lee Again").id != uid


def test_verification_keeps_the_module_and_date_but_not_the_name(
        client, auth, module, learner):
    cert = a_full_record(client, module, learner)
    delete_account(client)
    page = client.get(f"/verify/{cert.code}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "A tiny module for tests" in text and cert.completed_at.strftime("%-d %B %Y") in text
    assert "The holder has deleted their account" in text
    assert "Lee Learner" not in text
    answer = client.get(f"/verify/{cert.code}.json").get_json()
    assert answer["status"] == "valid"
    assert answer["learner_name"] is None and answer["holder"] == "deleted"


def test_managers_and_admins_no_longer_see_the_person(client, auth, module, learner):
    a_full_record(client, module, learner)
    uid = learner.id
    delete_account(client)
    make_user("admin@example.org", "Ada Admin", role="admin")
    Auth(client).login("admin@example.org")
    people = client.get("/admin/people").get_data(as_text=True)
    assert "Deleted account" not in people and f"/admin/people/{uid}" not in people
    assert client.get(f"/admin/people/{uid}").status_code == 404
    assert client.get(f"/manage/learners/{uid}").status_code == 404
    Auth(client).logout()
    Auth(client).login("mo@example.org")
    assert count(TeamManager) == 1
    assert client.get(f"/manage/learners/{uid}").status_code == 404


def test_links_sent_before_deletion_stop_working(client, auth, learner, inbox):
    auth.login()
    ask_for(client)
    change = confirm_link(by_recipient(inbox.wait(2))["lee.new@example.org"])
    post_form(client, "/forgot-password", {"email": "learner@example.org"}, token_from="/account")
    reset = reset_link(inbox.wait(3)[2])
    delete_account(client)
    assert client.get(change).status_code == 404
    assert client.get(reset).status_code == 404


def test_the_only_admin_cannot_delete_their_account(client, auth):
    make_user("admin@example.org", "Ada Admin", role="admin")
    auth.login("admin@example.org")
    page = client.get("/account/delete").get_data(as_text=True)
    assert "You are the only admin" in page
    refused = delete_account(client)
    assert refused.status_code == 200
    assert "You are the only admin" in refused.get_data(as_text=True)
    assert find_user("admin@example.org") is not None

    make_user("bo@example.org", "Bo Admin", role="admin")
    done = delete_account(client)
    assert done.status_code == 302
    assert find_user("admin@example.org") is None


def test_a_manager_who_deletes_their_account_no_longer_manages(client, auth, learner):
    mo = make_user("mo@example.org", "Mo Manager", role="manager")
    make_team("Team A", [learner], [mo])
    auth.login("mo@example.org")
    assert delete_account(client).status_code == 302
    assert count(TeamManager) == 0
    assert re.search(r"Mo", db.session.get(User, mo.id).name) is None

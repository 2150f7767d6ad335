"""Certificates are issued on completion, once, with what was achieved that day."""

import threading
from datetime import timedelta

from sqlalchemy import func, select, update

from courseware.domain.certificate_codes import is_valid
from courseware.domain.certificates import issue_certificate
from courseware.extensions import db
from courseware.models import Certificate, Enrolment, User
from tests.certificates.helpers import all_but_the_reflection, complete, reflect, start, variant
from tests.factories import Auth, post_form


def count() -> int:
    return db.session.scalar(select(func.count(Certificate.id)))


def test_completing_a_module_issues_a_certificate_with_the_record(client, auth, module, learner):
    auth.login()
    eid = complete(client)
    cert = db.session.scalar(select(Certificate))
    enrolment = db.session.get(Enrolment, eid)
    assert cert.enrolment_id == eid and cert.user_id == learner.id
    assert cert.learner_name == "Lee Learner"
    assert (cert.module_slug, cert.module_title, cert.module_version_label) == (
        "tiny-module", "A tiny module for tests", "1.0.0")
    assert cert.content_hash == module.content_hash and len(cert.content_hash) == 64
    assert cert.completed_at == enrolment.completed_at
    assert cert.expires_at - cert.completed_at == timedelta(days=365)
    assert cert.cpd_minutes == 20
    assert cert.best_scores == {"check": 100}
    assert cert.outcomes == ["Pass a quiz", "Write a reflection"]
    assert is_valid(cert.code)
    # Saving the reflection again does not issue another.
    reflect(client, eid)
    assert count() == 1


def test_the_name_is_kept_as_it_was_at_issue(client, auth, module, learner):
    auth.login()
    complete(client)
    db.session.execute(update(User).values(name="Lee Renamed"))
    db.session.commit()
    assert db.session.scalar(select(Certificate.learner_name)) == "Lee Learner"


def test_no_certificate_when_the_module_gives_none(client, auth, learner, tmp_path):
    variant(tmp_path, "plain", **{"enabled: true": "enabled: false"})
    auth.login()
    eid = complete(client)
    assert db.session.get(Enrolment, eid).completed_at is not None
    assert count() == 0
    finish = client.get(f"/learn/{eid}/finish").get_data(as_text=True)
    assert "Module complete" in finish and "View your certificate" not in finish
    assert client.get(f"/learn/{eid}/certificate").status_code == 404


def test_no_expiry_when_the_module_sets_none(client, auth, learner, tmp_path):
    variant(tmp_path, "forever", **{"  valid_for_days: 365\n": ""})
    auth.login()
    complete(client)
    assert db.session.scalar(select(Certificate)).expires_at is None


def test_a_completion_from_before_certificates_gets_one_on_first_visit(
    client, auth, module, learner
):
    auth.login()
    eid = complete(client)
    db.session.execute(Certificate.__table__.delete())
    db.session.commit()
    finish = client.get(f"/learn/{eid}/finish").get_data(as_text=True)
    assert "View your certificate" in finish
    response = client.get(f"/learn/{eid}/certificate")
    assert response.status_code == 302 and "/certificates/" in response.headers["Location"]
    assert count() == 1
    assert client.get(f"/learn/{eid}/certificate").headers["Location"] == (
        response.headers["Location"])
    assert count() == 1


def test_racing_issuers_make_one_row(app, client, auth, module, learner):
    """Eight threads, each with its own session, issue for one enrolment at the same moment."""
    auth.login()
    eid = start(client)
    db.session.execute(update(Enrolment).values(completed_at=func.now()))
    db.session.commit()
    barrier = threading.Barrier(8, timeout=60)
    codes, errors = [], []

    def issue():
        with app.app_context():
            try:
                enrolment = db.session.get(Enrolment, eid)
                db.session.commit()  # hold no transaction (on SQLite, no write lock) while waiting
                barrier.wait()
                cert = issue_certificate(enrolment)
                db.session.commit()
                codes.append(cert.code)
            except Exception as error:  # noqa: BLE001 - reported below
                errors.append(repr(error))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=issue) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert count() == 1
    assert len(codes) == 8 and len(set(codes)) == 1


def test_racing_completion_requests_issue_one_certificate(app, module, learner):
    """Six signed-in browsers send the last step at the same moment: one certificate."""
    clients = [app.test_client() for _ in range(6)]
    for each in clients:
        Auth(each).login()
    eid = start(clients[0])
    all_but_the_reflection(clients[0], eid)
    # A first, too short draft: the racing saves then update it (the first save of a reflection
    # is a select-then-insert in learn, which two racing requests can both attempt).
    post_form(clients[0], f"/learn/{eid}/steps/my-practice/reflection", {"text": "Draft"},
              token_from=f"/learn/{eid}/steps/my-practice")
    tokens_from = f"/learn/{eid}/steps/my-practice"
    barrier = threading.Barrier(len(clients), timeout=60)
    statuses, errors = [], []

    def finish(each):
        from tests.factories import csrf_token

        with app.app_context():
            try:
                token = csrf_token(each, tokens_from)
                barrier.wait()
                response = each.post(f"/learn/{eid}/steps/my-practice/reflection",
                                     data={"csrf_token": token, "text": "one two three four five"})
                statuses.append(response.status_code)
            except Exception as error:  # noqa: BLE001 - reported below
                errors.append(repr(error))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=finish, args=(each,)) for each in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert statuses == [302] * len(clients)
    assert count() == 1
    assert db.session.scalar(select(Certificate.enrolment_id)) == eid

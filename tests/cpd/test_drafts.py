"""Completing a module makes a prefilled draft entry, in the transaction that completes it."""

from sqlalchemy import func, select

from courseware.clock import day_of
from courseware.domain.progress import complete_step
from courseware.extensions import db
from courseware.models import CpdEntry, Enrolment, Step
from tests.factories import make_user, post_form
from tests.learn.test_journey import RIGHT, enrolment_id, start

REFLECTION = "I will follow the team hashtag every week and bring one post to supervision."


def complete_tiny_module(client):
    eid = enrolment_id(start(client))
    client.get(f"/learn/{eid}/steps/welcome")
    client.get(f"/learn/{eid}/steps/02-hashtags")
    post_form(client, f"/learn/{eid}/steps/check/quiz", RIGHT,
              token_from=f"/learn/{eid}/steps/check")
    done = post_form(client, f"/learn/{eid}/steps/my-practice/reflection", {"text": REFLECTION},
                     token_from=f"/learn/{eid}/steps/my-practice", follow_redirects=True)
    assert "Module complete" in done.get_data(as_text=True)
    return eid, done.get_data(as_text=True)


def test_completing_a_module_makes_one_prefilled_draft(client, auth, module, learner):
    auth.login()
    eid, finish_page = complete_tiny_module(client)
    entries = db.session.scalars(select(CpdEntry)).all()
    assert len(entries) == 1
    draft = entries[0]
    enrolment = db.session.get(Enrolment, eid)
    assert draft.user_id == learner.id and draft.status == "draft"
    assert draft.source_enrolment_id == eid
    assert draft.title == module.title and draft.activity_type == "elearning"
    assert draft.minutes == module.duration_minutes
    assert draft.activity_date == day_of(enrolment.completed_at)
    assert draft.learning == REFLECTION
    assert module.title in draft.description

    # The finish page leads to the draft, which opens ready to finish.
    assert "/cpd/from-module/" in finish_page
    response = client.get(f"/cpd/from-module/{eid}")
    assert response.headers["Location"].endswith(f"/cpd/{draft.id}/edit")
    form = client.get(f"/cpd/{draft.id}/edit").get_data(as_text=True)
    assert "Finish your draft" in form and REFLECTION in form
    record = client.get("/cpd").get_data(as_text=True)
    assert "Drafts to finish" in record and module.title in record

    # Looking at the module again does not make another draft.
    client.get(f"/learn/{eid}/steps/welcome")
    assert db.session.scalar(select(func.count(CpdEntry.id))) == 1


def test_the_draft_is_part_of_the_completing_transaction(app, module, learner):
    """Rolled back with the completion, so there is never a draft for an incomplete module."""
    enrolment = Enrolment(user_id=learner.id, module_id=module.module_id,
                          module_version_id=module.id)
    db.session.add(enrolment)
    db.session.commit()
    steps = db.session.scalars(select(Step).where(Step.module_version_id == module.id)).all()
    for step in steps:
        complete_step(enrolment, step)
    assert enrolment.completed_at is not None
    assert db.session.scalar(select(func.count(CpdEntry.id))) == 1  # in the open transaction
    db.session.rollback()
    assert db.session.scalar(select(func.count(CpdEntry.id))) == 0
    assert db.session.get(Enrolment, enrolment.id).completed_at is None


def test_a_module_completed_before_the_record_gets_its_draft_on_request(client, auth, module,
                                                                         learner):
    auth.login()
    eid, _ = complete_tiny_module(client)
    db.session.execute(CpdEntry.__table__.delete())
    db.session.commit()
    response = client.get(f"/cpd/from-module/{eid}")
    assert response.status_code == 302
    draft = db.session.scalar(select(CpdEntry))
    assert draft.source_enrolment_id == eid and draft.learning == REFLECTION


def test_someone_elses_module_has_no_draft_for_you(client, auth, module, learner):
    auth.login()
    eid, _ = complete_tiny_module(client)
    auth.logout()
    make_user("other@example.org")
    auth.login("other@example.org")
    assert client.get(f"/cpd/from-module/{eid}").status_code == 404
    started = enrolment_id(start(client))  # started, not completed: no draft either
    assert client.get(f"/cpd/from-module/{started}").status_code == 404

"""One action, one record: every form that creates something, sent twice in a row or twice at
once (a double click), makes one record, and both answers lead to the same page."""

from __future__ import annotations

import io
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update
from werkzeug.datastructures import MultiDict

from courseware import clock
from courseware.extensions import db
from courseware.models import (
    Assignment,
    Certificate,
    CpdAttachment,
    CpdEntry,
    Draft,
    Enrolment,
    FormSubmission,
    Team,
    TeamManager,
    TeamMember,
    User,
)
from courseware.submissions import is_token, new_token
from tests.authoring.helpers import DETAILS, add_step, new_draft
from tests.certificates.helpers import complete
from tests.clock import london
from tests.content.helpers import png_bytes, valid_files, zip_bytes
from tests.cpd.helpers import FINISHED, make_entry
from tests.factories import PASSWORD, SUBMISSION, Auth, form_tokens, make_user, post_form
from tests.manage.helpers import make_team


@dataclass
class Case:
    """A create form: where it is shown, where it is sent, what it sends, what it makes."""

    page: str
    url: str
    body: Callable[[], list]  # fresh each time: files are read once
    count: Callable[[], int]
    multipart: bool = False


def steps_of(client, draft: int) -> int:
    """How many steps the draft has, counted as a trainer would, by their pages."""
    n = 0
    while client.get(f"/authoring/drafts/{draft}/steps/{n + 1}").status_code == 200:
        n += 1
    return n


def questions_of(client, draft: int, position: int) -> int:
    base = f"/authoring/drafts/{draft}/steps/{position}/questions"
    n = 0
    while client.get(f"{base}/{n + 1}").status_code == 200:
        n += 1
    return n


def sign_in(client, email: str, role: str = "learner"):
    user = make_user(email, email.split("@")[0].title(), role)
    assert Auth(client).login(email).status_code == 302
    return user


def count(model) -> Callable[[], int]:
    return lambda: db.session.scalar(select(func.count()).select_from(model))


def cpd_entry(client, module):
    sign_in(client, "lee@example.org")
    return Case("/cpd/new", "/cpd/new", lambda: list(FINISHED.items()), count(CpdEntry))


def cpd_attachment(client, module):
    user = sign_in(client, "lee@example.org")
    entry = make_entry(user).id
    db.session.commit()
    return Case(f"/cpd/{entry}", f"/cpd/{entry}/files",
                lambda: [("file", (io.BytesIO(png_bytes()), "evidence.png"))],
                count(CpdAttachment), multipart=True)


def module_draft(client, module):
    sign_in(client, "tess@example.org", "trainer")
    return Case("/authoring/new", "/authoring/new", lambda: list(DETAILS.items()), count(Draft))


def package_upload(client, module):
    sign_in(client, "tess@example.org", "trainer")
    return Case("/authoring/upload", "/authoring/upload",
                lambda: [("package", (io.BytesIO(zip_bytes(valid_files())), "package.zip"))],
                count(Draft), multipart=True)


def new_step(client, module):
    sign_in(client, "tess@example.org", "trainer")
    draft = new_draft(client)
    return Case(f"/authoring/drafts/{draft}", f"/authoring/drafts/{draft}/steps",
                lambda: [("kind", "lesson"), ("step_title", "What a hashtag is")],
                lambda: steps_of(client, draft))


def new_question(client, module):
    sign_in(client, "tess@example.org", "trainer")
    draft = new_draft(client)
    position = add_step(client, draft, "quiz", "Check your understanding")
    page = f"/authoring/drafts/{draft}/steps/{position}"
    return Case(page, page + "/questions", lambda: [("question_type", "true_false")],
                lambda: questions_of(client, draft, position))


def draft_from_version(client, module):
    trainer = sign_in(client, "tess@example.org", "trainer")
    module.module.owner_id = trainer.id
    db.session.commit()
    return Case("/authoring/", f"/authoring/versions/{module.id}/draft", lambda: [],
                count(Draft))


def new_team(client, module):
    sign_in(client, "ada@example.org", "admin")
    return Case("/admin/teams", "/admin/teams", lambda: [("name", "Adult services")],
                count(Team))


def team_member(client, module):
    sign_in(client, "ada@example.org", "admin")
    make_user("ann@example.org", "Ann Archer")
    team = make_team("Adult services").id
    return Case(f"/admin/teams/{team}", f"/admin/teams/{team}/members",
                lambda: [("member-email", "ann@example.org")], count(TeamMember))


def team_manager(client, module):
    sign_in(client, "ada@example.org", "admin")
    make_user("mo@example.org", "Mo Manager", "manager")
    team = make_team("Adult services").id
    return Case(f"/admin/teams/{team}", f"/admin/teams/{team}/managers",
                lambda: [("manager-email", "mo@example.org")], count(TeamManager))


def people_import(client, module):
    sign_in(client, "ada@example.org", "admin")
    team = make_team("Adult services").id
    csv = b"name,email\nAnn Archer,ann@example.org\nBen Bell,ben@example.org\n"
    return Case(f"/admin/teams/{team}", f"/admin/teams/{team}/import",
                lambda: [("file", (io.BytesIO(csv), "people.csv"))],
                lambda: count(User)() * 1000 + count(TeamMember)(), multipart=True)


def assignment(client, module):
    manager = sign_in(client, "mo@example.org", "manager")
    learner = make_user("ann@example.org", "Ann Archer")
    team = make_team("Adult services", members=[learner], managers=[manager]).id
    page, chosen = f"/manage/teams/{team}/assignments", str(module.module_id)
    return Case(page, page, lambda: [("module", chosen), ("who", "team"), ("due_on", "")],
                count(Assignment))


def registration(client, module):
    body = [("name", "Rita Rowe"), ("email", "rita@example.org"), ("password", PASSWORD),
            ("confirm", PASSWORD)]
    return Case("/register", "/register", lambda: body, count(User))


def renewal(client, module):
    sign_in(client, "lee@example.org")
    complete(client)
    cert = db.session.scalar(select(Certificate))
    db.session.execute(update(Certificate).values(expires_at=clock.now() - timedelta(days=1)))
    db.session.commit()
    return Case(f"/certificates/{cert.id}", f"/certificates/{cert.id}/renew", lambda: [],
                count(Enrolment))


CASES = [cpd_entry, cpd_attachment, module_draft, package_upload, new_step, new_question,
         draft_from_version, new_team, team_member, team_manager, people_import, assignment,
         registration, renewal]


@pytest.fixture(autouse=True)
def a_day_in_march(time_machine):
    time_machine.move_to(london(2026, 3, 21, 12))


def send(client, case: Case, tokens: list[tuple[str, str]]):
    """Send the form with the hidden tokens of the page as it was shown, the same each time."""
    fields = [(k, item) for k, v in case.body() for item in (v if isinstance(v, list) else [v])]
    data = MultiDict([*tokens, *fields])
    return client.post(case.url, data=data,
                       content_type="multipart/form-data" if case.multipart else None)


def arrange(app, client, module, make_case) -> Case:
    app.config.update(LOGIN_LIMIT_PER_ADDRESS="1000 per minute")
    case = make_case(client, module)
    db.session.commit()
    return case


@pytest.mark.parametrize("make_case", CASES, ids=[c.__name__ for c in CASES])
def test_the_same_form_sent_twice_in_a_row_makes_one_record(app, client, module, make_case):
    case = arrange(app, client, module, make_case)
    before = case.count()
    tokens = form_tokens(client, case.page)
    cookie = client.get_cookie("session").value
    first = send(client, case, tokens)
    client.set_cookie("session", cookie, domain="localhost")  # the page the browser still shows
    second = send(client, case, tokens)
    assert first.status_code == 302, first.get_data(as_text=True)[:3000]
    assert second.status_code == 302, second.get_data(as_text=True)[:3000]
    assert second.headers["Location"] == first.headers["Location"]
    again = make_case.__name__ == "people_import"  # counts people and memberships at once
    assert case.count() == before + (2002 if again else 1)


@pytest.mark.parametrize("make_case", CASES, ids=[c.__name__ for c in CASES])
def test_the_same_form_sent_twice_at_once_makes_one_record(app, client, module, make_case,
                                                           monkeypatch):
    case = arrange(app, client, module, make_case)
    before = case.count()
    tokens = form_tokens(client, case.page)
    cookie = client.get_cookie("session").value
    other = app.test_client()
    other.set_cookie("session", cookie, domain="localhost")
    db.session.commit()
    both_in = threading.Barrier(2, timeout=20)
    enter = app.preprocess_request

    def together():
        both_in.wait()  # the two requests start together, like the two clicks' requests
        return enter()

    monkeypatch.setattr(app, "preprocess_request", together)
    with ThreadPoolExecutor(max_workers=2) as pool:
        answers = list(pool.map(lambda c: send(c, case, tokens), [client, other]))
    monkeypatch.undo()
    db.session.expire_all()
    assert [a.status_code for a in answers] == [302, 302], [
        a.get_data(as_text=True)[:3000] for a in answers]
    assert answers[0].headers["Location"] == answers[1].headers["Location"]
    again = make_case.__name__ == "people_import"
    assert case.count() == before + (2002 if again else 1)
    if make_case is registration:  # whichever answer the browser shows, the password works
        for c in (client, other):
            assert Auth(c).login("rita@example.org").status_code == 302


@pytest.mark.parametrize("token", [None, "", "not-a-token", "x" * 33, "<script>"])
def test_a_form_without_a_good_token_is_kept_and_asked_for_again(app, client, module, token):
    """A page from before the token, or a hand-made request: nothing is saved, nothing typed
    is lost, and the form comes back with a fresh token that works."""
    sign_in(client, "lee@example.org")
    tokens = [t for t in form_tokens(client, "/cpd/new") if t[0] != "submission"]
    body = MultiDict([*tokens, *([("submission", token)] if token is not None else []),
                      ("title", "Supervision with Ama"), ("save_draft", "Save as a draft")])
    answer = client.post("/cpd/new", data=body)
    text = answer.get_data(as_text=True)
    assert answer.status_code == 200
    assert "nothing was saved yet" in text and "press the button again" in text
    assert 'value="Supervision with Ama"' in text and "<script>" not in text
    assert count(CpdEntry)() == 0
    fresh = SUBMISSION.search(text).group(2)
    assert fresh != token and is_token(fresh)
    again = client.post("/cpd/new", data=MultiDict([*tokens, ("submission", fresh),
                                                    ("title", "Supervision with Ama"),
                                                    ("save_draft", "Save as a draft")]))
    assert again.status_code == 302 and count(CpdEntry)() == 1


def test_tokens_are_random_and_of_one_shape():
    made = {new_token() for _ in range(100)}
    assert len(made) == 100 and all(is_token(t) for t in made)
    assert not any(is_token(v) for v in (None, "", "a" * 31, "a" * 33, "a" * 31 + "!", 5))


def test_tokens_older_than_a_day_are_forgotten(app, client, module, time_machine):
    sign_in(client, "lee@example.org")
    post_form(client, "/cpd/new", {"title": "Old", "save_draft": "Save as a draft"})
    assert count(FormSubmission)() == 1
    time_machine.move_to(london(2026, 3, 22, 12, 1))
    Auth(client).login("lee@example.org")  # a day on: signed out meanwhile
    post_form(client, "/cpd/new", {"title": "New", "save_draft": "Save as a draft"})
    assert db.session.scalars(select(FormSubmission.message)).all() == [
        "Your draft is saved. Only you can see it. Finish it when you are ready."]
    assert count(CpdEntry)() == 2

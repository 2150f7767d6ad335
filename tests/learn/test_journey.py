"""A learner takes a module from first click to completion, through the test client."""

import re

from sqlalchemy import func, select

from courseware.extensions import db
from courseware.models import Enrolment, QuizAttempt, Reflection, StepProgress
from tests.factories import post_form

RIGHT = [("q-q1", "0"), ("q-q2", "0"), ("q-q2", "1"), ("q-q3", "false"), ("q-q4", " Hash ")]
WRONG = [("q-q1", "1"), ("q-q2", "2"), ("q-q3", "true"), ("q-q4", "at")]


def start(client, slug="tiny-module"):
    response = post_form(client, f"/modules/{slug}/start", {}, token_from=f"/modules/{slug}")
    assert response.status_code == 302
    return response.headers["Location"]


def enrolment_id(location: str) -> int:
    return int(re.search(r"/learn/(\d+)", location).group(1))


def test_whole_journey(client, auth, module, learner):
    auth.login()
    page = client.get("/modules/tiny-module").get_data(as_text=True)
    assert "Start this module" in page and "Pass a quiz" in page

    eid = enrolment_id(start(client))
    first = client.get(f"/learn/{eid}", follow_redirects=True)
    text = first.get_data(as_text=True)
    assert "Step 1 of 4" in text and "Welcome" in text
    assert 'src="/media/' in text

    second = client.get(f"/learn/{eid}/steps/02-hashtags").get_data(as_text=True)
    assert "Step 2 of 4" in second and "<table>" in second
    assert 'value="2"' in second  # progress bar shows two lessons done

    quiz_page = client.get(f"/learn/{eid}/steps/check").get_data(as_text=True)
    assert "Step 3 of 4" in quiz_page
    assert "That is a username" not in quiz_page and "correct" not in quiz_page.lower()
    assert "Hash sign" not in quiz_page and "You cannot break it" not in quiz_page

    failed = post_form(client, f"/learn/{eid}/steps/check/quiz", WRONG,
                       token_from=f"/learn/{eid}/steps/check")
    assert failed.status_code == 302
    result = client.get(failed.headers["Location"]).get_data(as_text=True)
    assert "You scored 0%" in result and "not passed" in result
    assert "That is a username" in result and "Hashtags group posts" in result

    passed = post_form(client, f"/learn/{eid}/steps/check/quiz", RIGHT,
                       token_from=f"/learn/{eid}/steps/check")
    result = client.get(passed.headers["Location"]).get_data(as_text=True)
    assert "You scored 100%" in result and "You passed" in result

    short = post_form(client, f"/learn/{eid}/steps/my-practice/reflection", {"text": "Too short"},
                      token_from=f"/learn/{eid}/steps/my-practice")
    assert short.status_code == 302
    warned = client.get(short.headers["Location"]).get_data(as_text=True)
    assert "at least 5 words" in warned and "Too short" in warned

    done = post_form(client, f"/learn/{eid}/steps/my-practice/reflection",
                     {"text": "I will follow the team hashtag every week."},
                     token_from=f"/learn/{eid}/steps/my-practice", follow_redirects=True)
    text = done.get_data(as_text=True)
    assert "Module complete" in text and "100%" in text
    assert "with your reflection as a starting point" in text

    enrolment = db.session.get(Enrolment, eid)
    assert enrolment.completed_at is not None
    assert enrolment.best_scores == {"check": 100}
    assert db.session.scalar(select(func.count(QuizAttempt.id))) == 2
    assert db.session.scalar(select(func.count(StepProgress.id))) == 4

    mine = client.get("/my-learning").get_data(as_text=True)
    assert "Completed" in mine and "A tiny module for tests" in mine and "1.0.0" in mine


def test_missing_answers_are_asked_for_and_kept(client, auth, module, learner):
    auth.login()
    eid = enrolment_id(start(client))
    response = post_form(client, f"/learn/{eid}/steps/check/quiz", [("q-q1", "0")],
                         token_from=f"/learn/{eid}/steps/check")
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "There is a problem" in text and "Answer question 2" in text
    assert re.search(r'value="0" checked', text)
    assert db.session.scalar(select(func.count(QuizAttempt.id))) == 0


def test_tampered_quiz_answer_is_a_400(client, auth, module, learner):
    auth.login()
    eid = enrolment_id(start(client))
    response = post_form(client, f"/learn/{eid}/steps/check/quiz",
                         [*RIGHT[:-1], ("q-q1", "99")], token_from=f"/learn/{eid}/steps/check")
    assert response.status_code == 400
    assert "Something in that request was not right" in response.get_data(as_text=True)


def test_resume_goes_to_last_step_visited(client, auth, module, learner):
    auth.login()
    eid = enrolment_id(start(client))
    client.get(f"/learn/{eid}/steps/check")
    auth.logout()
    auth.login()
    page = client.get("/modules/tiny-module").get_data(as_text=True)
    assert "Continue where you left off" in page
    response = client.get(f"/learn/{eid}")
    assert response.headers["Location"].endswith(f"/learn/{eid}/steps/check")


def test_starting_twice_keeps_one_enrolment(client, auth, module, learner):
    auth.login()
    assert enrolment_id(start(client)) == enrolment_id(start(client))
    assert db.session.scalar(select(func.count(Enrolment.id))) == 1


def test_someone_elses_enrolment_is_404(client, auth, module, learner):
    from tests.factories import make_user

    auth.login()
    eid = enrolment_id(start(client))
    post_form(client, f"/learn/{eid}/steps/my-practice/reflection",
              {"text": "My private thoughts about practice today."},
              token_from=f"/learn/{eid}/steps/my-practice")
    auth.logout()
    make_user("other@example.org", "Other Person")
    auth.login("other@example.org")
    for url in (f"/learn/{eid}", f"/learn/{eid}/steps/welcome", f"/learn/{eid}/steps/my-practice",
                f"/learn/{eid}/finish"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "private thoughts" not in response.get_data(as_text=True)
    response = post_form(client, f"/learn/{eid}/steps/my-practice/reflection",
                         {"text": "overwrite"}, token_from="/")
    assert response.status_code == 404
    assert db.session.scalar(select(Reflection.text)).startswith("My private")


def test_unknown_step_and_enrolment_are_404(client, auth, module, learner):
    auth.login()
    eid = enrolment_id(start(client))
    assert client.get(f"/learn/{eid}/steps/nope").status_code == 404
    assert client.get("/learn/99999").status_code == 404
    assert client.get("/modules/no-such-module").status_code == 404


def test_signed_out_visitor_is_sent_to_sign_in(client, module):
    response = client.get("/my-learning")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_form_without_csrf_token_is_refused(client, auth, module, learner):
    auth.login()
    response = client.post("/modules/tiny-module/start")
    assert response.status_code == 400
    assert "expired" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Enrolment.id))) == 0


def test_new_version_does_not_disturb_progress(client, auth, module, learner, tmp_path):
    import shutil

    from tests.factories import PACKAGES, import_tiny_module

    auth.login()
    eid = enrolment_id(start(client))
    client.get(f"/learn/{eid}/steps/welcome")

    copy = tmp_path / "tiny-v2"
    shutil.copytree(PACKAGES / "tiny-module", copy)
    yaml_text = (copy / "module.yaml").read_text().replace("version: 1.0.0", "version: 1.1.0")
    (copy / "module.yaml").write_text(yaml_text.replace("title: Welcome", "title: Hello"))
    new = import_tiny_module(copy)

    page = client.get(f"/learn/{eid}/steps/welcome").get_data(as_text=True)
    assert "Welcome" in page and "Step 1 of 4" in page
    assert db.session.get(Enrolment, eid).module_version_id == module.id != new.id
    assert enrolment_id(start(client)) == eid


def test_completion_signal_is_sent_once(app, client, auth, module, learner):
    from courseware.domain.signals import module_completed

    received = []

    def record(sender, enrolment):
        received.append(enrolment.id)

    module_completed.connect(record, app)
    try:
        auth.login()
        eid = enrolment_id(start(client))
        for key in ("welcome", "02-hashtags"):
            client.get(f"/learn/{eid}/steps/{key}")
        post_form(client, f"/learn/{eid}/steps/check/quiz", RIGHT,
                  token_from=f"/learn/{eid}/steps/check")
        for _ in range(2):
            post_form(client, f"/learn/{eid}/steps/my-practice/reflection",
                      {"text": "one two three four five six"},
                      token_from=f"/learn/{eid}/steps/my-practice")
    finally:
        module_completed.disconnect(record, app)
    assert received == [eid]


def test_the_finish_page_of_a_module_without_a_reflection_does_not_mention_one(
        client, auth, learner, tmp_path):
    import shutil

    from tests.factories import PACKAGES, import_tiny_module

    copy = tmp_path / "no-reflection"
    shutil.copytree(PACKAGES / "tiny-module", copy)
    text = (copy / "module.yaml").read_text().replace("id: tiny-module", "id: no-reflection")
    text = text.replace("  - Write a reflection\n", "")
    (copy / "module.yaml").write_text(text[:text.index("  - type: reflection")])
    import_tiny_module(copy)
    auth.login()
    eid = enrolment_id(start(client, "no-reflection"))
    for key in ("welcome", "02-hashtags"):
        client.get(f"/learn/{eid}/steps/{key}")
    post_form(client, f"/learn/{eid}/steps/check/quiz", RIGHT,
              token_from=f"/learn/{eid}/steps/check")
    page = client.get(f"/learn/{eid}/finish").get_data(as_text=True)
    assert "Module complete" in page and "We have started an entry in your CPD record" in page
    assert "reflection" not in page.lower()

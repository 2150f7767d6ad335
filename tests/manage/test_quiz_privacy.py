"""A learner's quiz answers stay theirs: managers see attempts, best score and pass or not."""

from datetime import date

from sqlalchemy import select

from courseware.extensions import db
from courseware.manage.reports import module_report
from courseware.models import Enrolment, Module, QuizAttempt, TeamMember
from tests.factories import Auth, make_user
from tests.manage.conftest import TODAY
from tests.manage.helpers import progress

ANNS_ANSWER = "a hash sign, I think"


def urls_text(client, urls):
    """Each url with its status code and body, as text."""
    for url in urls:
        response = client.get(url)
        yield url, f"{response.status_code} {response.get_data(as_text=True)}"


def test_no_manager_page_or_csv_shows_answers_or_right_and_wrong_per_question(
        app, client, org):
    failed = db.session.scalar(select(QuizAttempt).where(QuizAttempt.user_id == org.ann.id,
                                                         QuizAttempt.score == 50))
    failed.answers = {"q4": ANNS_ANSWER}
    db.session.commit()
    Auth(client).login("mo@example.org")
    a = org.team_a.id
    urls = ["/manage", f"/manage/teams/{a}", f"/manage/teams/{a}/export.csv",
            f"/manage/teams/{a}/modules/tiny-module", f"/manage/learners/{org.ann.id}",
            "/cpd/team"]
    for url, text in urls_text(client, urls):
        assert text.startswith("200"), url
        assert ANNS_ANSWER not in text, url
        assert "Not right" not in text and "Right</strong>" not in text, url
        assert "hashtag</strong>?" not in text, url  # no question, with or without a share
        assert "Answered wrong" not in text, url
        assert "50%" not in text, url  # the score of her failed attempt
    detail = client.get(f"/manage/learners/{org.ann.id}/attempts/{failed.id}")
    assert detail.status_code == 404


def test_a_manager_sees_attempts_best_score_and_pass_per_quiz(app, client, org):
    Auth(client).login("mo@example.org")
    page = client.get(f"/manage/learners/{org.ann.id}").get_data(as_text=True)
    row = page[page.index("<h2>Quizzes</h2>"):page.index("<h2>Certificates</h2>")]
    assert "Check your understanding" in row
    assert '<td data-label="Attempts">2</td>' in row
    assert '<td data-label="Best score">80%</td>' in row
    assert '<td data-label="Result">Passed</td>' in row
    ben = client.get(f"/manage/learners/{org.ben.id}").get_data(as_text=True)
    assert "No quiz attempts yet." in ben


def test_the_module_report_counts_people_and_their_best_scores(app, org):
    tiny = db.session.get(Module, org.tiny.module_id)
    [quiz] = module_report(org.team_a.id, tiny, "x", TODAY).quizzes
    assert (quiz.attempts, quiz.learners, quiz.passed, quiz.pass_rate, quiz.average) == (
        2, 1, 1, 100, 80)


def test_hard_questions_are_shown_only_once_five_people_have_answered(app, org):
    tiny = db.session.get(Module, org.tiny.module_id)
    for n in range(3):
        person = make_user(f"p{n}@example.org", f"Person {n}")
        db.session.add(TeamMember(team_id=org.team_a.id, user_id=person.id))
        progress(person, org.tiny, 3, date(2026, 3, 2), scores=(60,), wrong=("q1",))
    assert module_report(org.team_a.id, tiny, "x", TODAY).questions == []  # 4 people
    fifth = make_user("p5@example.org", "Person 5")
    db.session.add(TeamMember(team_id=org.team_a.id, user_id=fifth.id))
    progress(fifth, org.tiny, 3, date(2026, 3, 2), scores=(100,))
    report = module_report(org.team_a.id, tiny, "x", TODAY)
    assert [(q.question_id, q.wrong, q.answered) for q in report.questions] == [
        ("q1", 4, 6), ("q2", 1, 6)]


def test_the_quiz_page_says_what_a_manager_can_see(app, client, org):
    line = ("Your manager can see how many times you tried this quiz and your best score, "
            "not your answers.")
    ben = db.session.scalar(select(Enrolment.id).where(Enrolment.user_id == org.ben.id))
    Auth(client).login("ben@example.org")
    assert line in client.get(f"/learn/{ben}/steps/check").get_data(as_text=True)
    Auth(client).logout()
    solo = make_user("solo@example.org", "Solo")
    enrolment = progress(solo, org.tiny, 0, date(2026, 3, 9))
    Auth(client).login("solo@example.org")
    page = client.get(f"/learn/{enrolment.id}/steps/check").get_data(as_text=True)
    assert "Check your understanding" in page and "Your manager" not in page

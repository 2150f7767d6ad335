"""Per module and per learner reports, and the charts' figures."""

from datetime import date

from sqlalchemy import select

from courseware.certificates.revocation import can_revoke
from courseware.extensions import db
from courseware.manage import charts
from courseware.manage.dashboard import team_columns
from courseware.manage.reports import (
    completions_by_month,
    duration_text,
    module_report,
    status_by_module,
    team_summaries,
)
from courseware.models import Certificate, Module
from tests.cpd.helpers import make_entry
from tests.factories import Auth, post_form
from tests.manage.conftest import TODAY
from tests.manage.helpers import progress


def test_module_report_figures(app, org):
    tiny = db.session.get(Module, org.tiny.module_id)
    report = module_report(org.team_a.id, tiny, "A tiny module for tests", TODAY)
    assert (report.assigned, report.completed_assigned, report.completion_rate) == (3, 1, 33)
    assert (report.started, report.completed) == (2, 1)
    assert report.median_text == "19 days 5 hours"
    [quiz] = report.quizzes
    assert (quiz.title, quiz.attempts, quiz.learners, quiz.passed, quiz.pass_rate,
            quiz.average) == ("Check your understanding", 2, 1, 1, 100, 80)
    assert report.questions == []  # one person's answers are not shown
    report = module_report(org.team_a.id, tiny, "A tiny module for tests", TODAY, min_people=1)
    assert [(q.question_id, q.number, q.wrong, q.answered, q.share_wrong)
            for q in report.questions] == [("q1", 1, 1, 2, 50), ("q2", 2, 1, 2, 50)]
    assert "<strong>hashtag</strong>" in report.questions[0].prompt_html
    # team B's figures are its own
    other = module_report(org.team_b.id, tiny, "A tiny module for tests", TODAY)
    assert (other.assigned, other.completed_assigned, other.median_text) == (1, 1, "4 days 5 hours")
    assert other.questions == []


def test_the_median_of_an_even_number_of_durations(app, org):
    progress(org.ben, org.other, 4, date(2026, 3, 1), completed=date(2026, 3, 3))
    progress(org.cat, org.other, 4, date(2026, 3, 1), completed=date(2026, 3, 7))
    other = db.session.get(Module, org.other.module_id)
    report = module_report(org.team_a.id, other, "x", TODAY)
    assert report.median_text == "4 days 5 hours"  # halfway between 2 and 6 days (+5 hours)


def test_duration_text():
    assert duration_text(None) == ""
    assert duration_text(30) == "1 minute"
    assert duration_text(3600 * 2 + 60 * 5) == "2 hours 5 minutes"
    assert duration_text(86400 * 3 + 3600) == "3 days 1 hour"


def test_module_page_shows_the_hard_questions(app, client, org):
    from courseware.models import TeamMember
    from tests.factories import make_user

    for n in range(4):
        person = make_user(f"p{n}@example.org", f"Person {n}")
        db.session.add(TeamMember(team_id=org.team_a.id, user_id=person.id))
        progress(person, org.tiny, 3, date(2026, 3, 2), scores=(100,))
    Auth(client).login("mo@example.org")
    page = client.get(f"/manage/teams/{org.team_a.id}/modules/tiny-module").get_data(as_text=True)
    assert "14%" in page and "19 days 5 hours" in page
    assert "Which of these is a <strong>hashtag</strong>?" in page
    assert "17% (1 of 6 answers)" in page
    assert client.get(f"/manage/teams/{org.team_a.id}/modules/no-such").status_code == 404


def test_charts_figures(app, org):
    statuses = status_by_module(org.team_a.id, TODAY, team_columns(org.team_a.id))
    assert [(s.slug, s.completed, s.in_progress, s.not_started, s.overdue) for s in statuses] == [
        ("tiny-module", 1, 0, 0, 2), ("tiny-0", 0, 0, 1, 0)]
    chart = charts.stacked_bars(statuses)
    first = chart.rows[0]
    assert [s.status for s in first.segments] == ["completed", "overdue"]
    assert abs(sum(s.width for s in first.segments) - chart.width) < 0.1
    months = completions_by_month(org.team_a.id, TODAY)
    assert len(months) == 12 and months[-1] == ("2026-03", 0) and months[-2] == ("2026-02", 1)
    assert months[0][0] == "2025-04"
    columns = charts.columns(months)
    assert [c.count for c in columns.columns].count(1) == 1 and columns.peak == 1
    assert charts.month_label("2026-02") == "Feb 2026"


def test_overview_figures(app, org):
    teams, total = team_summaries(org.admin, TODAY, 1)
    assert total == 2
    assert [(t.name, t.members, t.assigned, t.completed, t.overdue, t.completion_rate)
            for t in teams] == [("Team A", 3, 4, 1, 2, 25), ("Team B", 1, 1, 1, 0, 100)]
    mine, total = team_summaries(org.mo, TODAY, 1)
    assert [t.name for t in mine] == ["Team A"] and total == 1


def test_learner_page_shows_records_and_cpd_figures_but_never_reflections(app, client, org):
    make_entry(org.ann, learning="My secret reflection about a family.", title="Private title")
    make_entry(org.ann, title="Shared one", shared_with_manager=True)
    Auth(client).login("mo@example.org")
    page = client.get(f"/manage/learners/{org.ann.id}").get_data(as_text=True)
    assert "Completed</strong>: 20 February 2026, score 80%" in page
    assert "Check your understanding" in page and "Passed" in page
    assert "Entries recorded</dt><dd>2 of 2" in page
    assert "My secret reflection" not in page and "Private title" not in page
    assert "Shared one" in page  # its title, linking to the entry she chose to share
    assert '<span class="status status-valid">Valid</span>' in page and "20 February 2027" in page


def test_a_manager_revokes_a_certificate_of_their_team_only(app, client, org):
    ann_cert = db.session.scalar(select(Certificate).where(Certificate.user_id == org.ann.id))
    dan_cert = db.session.scalar(select(Certificate).where(Certificate.user_id == org.dan.id))
    assert can_revoke(org.mo, ann_cert) and not can_revoke(org.mo, dan_cert)
    assert can_revoke(org.admin, dan_cert) and not can_revoke(org.ann, ann_cert)
    Auth(client).login("ola@example.org")
    assert client.get(f"/certificates/{ann_cert.id}/revoke").status_code == 404
    Auth(client).logout()
    Auth(client).login("mo@example.org")
    learner_page = f"/manage/learners/{org.ann.id}"
    assert f"/certificates/{ann_cert.id}/revoke" in client.get(learner_page).get_data(
        as_text=True)
    url = f"/certificates/{ann_cert.id}/revoke"
    done = post_form(client, url, {"reason": "Completed on someone else's behalf."},
                     follow_redirects=True)
    assert "is revoked" in done.get_data(as_text=True)
    page = client.get(learner_page).get_data(as_text=True)
    assert '<span class="status status-revoked">Revoked</span>' in page
    assert f"/certificates/{ann_cert.id}/revoke" not in page
    assert client.get(f"/certificates/{dan_cert.id}/revoke").status_code == 404

"""Every manager and admin page runs a fixed number of SQL queries, however much data."""

from datetime import date

from courseware.domain.certificates import issue_certificate
from courseware.extensions import db
from courseware.models import TeamMember
from tests.cpd.helpers import make_entry
from tests.factories import Auth, make_user
from tests.manage.helpers import assign_to, make_team, progress
from tests.test_query_counts import count_queries, queries_for


def csv_queries(client, url: str) -> int:
    with count_queries() as statements:
        response = client.get(url)
        assert response.status_code == 200
        response.get_data()  # the body streams: count the queries made while it is read
    return len(statements)


def grow(org, n: int) -> None:
    """More people in both teams, with progress, attempts, assignments and CPD entries."""
    for i in range(n):
        person = make_user(f"more{i}@example.org", f"More {i}")
        db.session.add(TeamMember(team_id=org.team_a.id, user_id=person.id))
        db.session.add(TeamMember(team_id=org.team_b.id, user_id=person.id))
        db.session.commit()
        issue_certificate(progress(person, org.tiny, 4, date(2026, 2, 1 + i),
                                   completed=date(2026, 2, 3 + i), scores=(50, 100),
                                   wrong=("q3",)))
        progress(person, org.other, 1, date(2026, 2, 1 + i))
        make_entry(person, shared_with_manager=True)
    assign_to(org.team_a, org.other, date(2026, 6, 1), users=[org.ann])
    make_team("Another team of Mo's", [org.ann], [org.mo])
    issue_certificate(progress(org.ann, org.other, 4, date(2026, 3, 1), completed=date(2026, 3, 2),
                               scores=(75,)))
    db.session.commit()
    make_entry(org.ann)


def test_manager_and_admin_pages_run_a_fixed_number_of_queries(app, client, org):
    a = org.team_a.id
    manager_pages = [
        "/manage", f"/manage/teams/{a}", f"/manage/teams/{a}?status=overdue&sort=overdue",
        f"/manage/teams/{a}/assignments", f"/manage/teams/{a}/modules/tiny-module",
        f"/manage/learners/{org.ann.id}",
        "/cpd/team",
    ]
    admin_pages = ["/admin/teams", f"/admin/teams/{a}", "/admin/people",
                   f"/admin/people/{org.ann.id}", f"/admin/teams/{a}/delete"]
    learner_pages = ["/my-learning"]
    csv_url = f"/manage/teams/{a}/export.csv"

    def measure():
        counts = {}
        for email, pages in (("mo@example.org", manager_pages),
                             ("admin@example.org", admin_pages),
                             ("ben@example.org", learner_pages)):
            Auth(client).login(email)
            counts |= {url: queries_for(client, url) for url in pages}
            if email == "mo@example.org":
                counts[csv_url] = csv_queries(client, csv_url)
            Auth(client).logout()
        return counts

    before = measure()
    grow(org, 6)
    after = measure()
    assert after == before
    assert before == {
        "/manage": 2,  # the user; teams with their figures
        f"/manage/teams/{a}": 6,  # user, team, columns, matrix page, status chart, month chart
        f"/manage/teams/{a}?status=overdue&sort=overdue": 6,
        f"/manage/teams/{a}/assignments": 5,  # user, team, members, modules, assignments
        f"/manage/teams/{a}/modules/tiny-module": 9,
        f"/manage/learners/{org.ann.id}": 10,
        "/cpd/team": 4,
        "/admin/teams": 3,
        f"/admin/teams/{a}": 4,
        "/admin/people": 2,
        f"/admin/people/{org.ann.id}": 4,
        f"/admin/teams/{a}/delete": 2,
        "/my-learning": 3,
        csv_url: 4,  # user, team, columns, every row in one streamed query
    }

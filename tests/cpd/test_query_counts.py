"""CPD pages run a fixed number of SQL queries, however long the record."""

import io
from datetime import date

from courseware.extensions import db
from courseware.models import TeamMember
from tests.cpd.helpers import make_entry, png_bytes
from tests.factories import make_user, post_form
from tests.manage.helpers import make_team
from tests.test_query_counts import queries_for


def test_cpd_page_query_counts_do_not_grow_with_data(app, client, auth, learner):
    first = make_entry(learner, peer_name="Ama", peer_learning="x", standards=["4.6"])
    manager = make_user("manager@example.org", role="manager")
    the_team = make_team("Team", [learner], [manager])
    auth.login()
    post_form(client, f"/cpd/{first.id}/files", {"file": (io.BytesIO(png_bytes()), "a.png")},
              token_from=f"/cpd/{first.id}", content_type="multipart/form-data")
    pages = ["/cpd", f"/cpd/{first.id}", f"/cpd/{first.id}/edit", "/cpd/new",
             f"/cpd/{first.id}/delete", "/my-data"]
    before = {url: queries_for(client, url) for url in pages}

    for n in range(5):
        entry = make_entry(learner, title=f"Entry {n}", activity_date=date(2026, 1, n + 1),
                           shared_with_manager=True)
        post_form(client, f"/cpd/{entry.id}/files",
                  {"file": (io.BytesIO(png_bytes()), "b.png")},
                  token_from=f"/cpd/{entry.id}", content_type="multipart/form-data")
    make_entry(learner, status="draft", title="A draft")
    post_form(client, f"/cpd/{first.id}/files", {"file": (io.BytesIO(png_bytes()), "c.png")},
              token_from=f"/cpd/{first.id}", content_type="multipart/form-data")
    after = {url: queries_for(client, url) for url in pages}
    assert after == before
    assert before == {
        "/cpd": 2,
        f"/cpd/{first.id}": 3,
        f"/cpd/{first.id}/edit": 2,
        "/cpd/new": 1,
        f"/cpd/{first.id}/delete": 3,
        "/my-data": 1,
    }

    auth.logout()
    auth.login("manager@example.org")
    team = queries_for(client, "/cpd/team")
    third = make_user("third@example.org")
    make_entry(third, shared_with_manager=True)
    db.session.add(TeamMember(team_id=the_team.id, user_id=third.id))
    db.session.commit()
    assert queries_for(client, "/cpd/team") == team == 4  # the user, their teams, 2 counts
    assert queries_for(client, f"/cpd/team/entries/{first.id + 1}") == 4

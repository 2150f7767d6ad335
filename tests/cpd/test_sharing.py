"""Privacy: managers see figures only, and an entry's text only while its learner shares it."""

from datetime import date

from courseware.domain.accounts import find_user
from courseware.domain.cpd_sharing import compliance, manager_can_see
from courseware.domain.cpd_year import Rules
from courseware.manage.people import delete_team
from tests.cpd.helpers import make_entry
from tests.factories import Auth, make_user, post_form
from tests.manage.helpers import make_team


def manages(app, *learners, manager_email="manager@example.org"):
    """A team of exactly these learners, managed by the manager (when they have an account)."""
    manager = find_user(manager_email)
    return make_team("Team", learners, [manager] if manager else [])


def test_a_manager_reads_an_entry_only_while_it_is_shared(app, client, learner):
    entry = make_entry(learner, learning="My private learning about endings.")
    manager = make_user("manager@example.org", "Mo Manager", role="manager")
    manages(app, learner)
    manager_client, learner_client = app.test_client(), app.test_client()
    Auth(manager_client).login("manager@example.org")
    Auth(learner_client).login()
    url = f"/cpd/team/entries/{entry.id}"

    assert manager_client.get(url).status_code == 404
    team = manager_client.get("/cpd/team").get_data(as_text=True)
    assert "Lee Learner" in team and "1 of 2" in team and "14 March 2026" in team
    assert "My private learning" not in team and "A finished entry" not in team

    shared = post_form(learner_client, f"/cpd/{entry.id}/sharing", {"share": "yes"},
                       token_from=f"/cpd/{entry.id}")
    assert shared.status_code == 302
    page = manager_client.get(url)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "My private learning about endings." in text and "Lee Learner chose to share" in text
    assert "A finished entry" in manager_client.get("/cpd/team").get_data(as_text=True)

    post_form(learner_client, f"/cpd/{entry.id}/sharing", {"share": "no"},
              token_from=f"/cpd/{entry.id}")
    assert manager_client.get(url).status_code == 404
    own_page = learner_client.get(f"/cpd/{entry.id}").get_data(as_text=True)
    assert "Share this entry with my manager" in own_page
    assert manager_can_see(entry, manager, {learner.id}) is False


def test_sharing_does_not_reach_managers_of_other_people(app, client, learner):
    entry = make_entry(learner, shared_with_manager=True)
    make_user("manager@example.org", role="manager")
    someone = make_user("someone@example.org")
    team = manages(app, someone)
    Auth(client).login("manager@example.org")
    assert client.get(f"/cpd/team/entries/{entry.id}").status_code == 404
    delete_team(team)  # no teams at all: nobody's entries
    assert client.get(f"/cpd/team/entries/{entry.id}").status_code == 404
    assert "Nobody is linked to you" in client.get("/cpd/team").get_data(as_text=True)


def test_learners_cannot_use_the_manager_pages(app, client, learner):
    entry = make_entry(learner, shared_with_manager=True)
    make_user("peer@example.org")
    manages(app, learner)
    Auth(client).login("peer@example.org")
    assert client.get("/cpd/team").status_code == 403
    assert client.get(f"/cpd/team/entries/{entry.id}").status_code == 403


def test_a_draft_cannot_be_shared(app, client, learner):
    entry = make_entry(learner, status="draft")
    Auth(client).login()
    response = post_form(client, f"/cpd/{entry.id}/sharing", {"share": "yes"},
                         token_from=f"/cpd/{entry.id}", follow_redirects=True)
    assert "Finish this entry before you share it." in response.get_data(as_text=True)
    assert manager_can_see(entry, make_user("m@example.org", role="manager"), {learner.id}) is False


def test_manager_can_see_is_a_plain_rule(app, learner):
    manager = make_user("manager@example.org", role="manager")
    admin = make_user("admin@example.org", role="admin")
    other = make_user("other@example.org")
    entry = make_entry(learner, shared_with_manager=True)
    assert manager_can_see(entry, learner, set())  # your own entry
    assert manager_can_see(entry, manager, {learner.id})
    assert not manager_can_see(entry, manager, {other.id})
    assert not manager_can_see(entry, other, {learner.id})  # not a manager
    assert manager_can_see(entry, admin, {learner.id})  # admins hold every role...
    assert not manager_can_see(entry, admin, set())  # ...but only for people they manage
    entry.shared_with_manager = False
    assert not manager_can_see(entry, manager, {learner.id})


def test_compliance_counts_the_year_without_any_text(app, learner):
    other = make_user("other@example.org", "Ola Other")
    make_entry(learner, activity_date=date(2026, 1, 5), peer_name="Ama", peer_learning="x")
    make_entry(learner, activity_date=date(2026, 11, 30))
    make_entry(learner, activity_date=date(2025, 11, 30))  # last year
    make_entry(learner, status="draft", activity_date=None)
    rows = compliance({learner.id, other.id}, date(2026, 11, 30), Rules())
    by_name = {r.name: r for r in rows}
    lee, ola = by_name["Lee Learner"], by_name["Ola Other"]
    assert (lee.recorded, lee.with_peer, lee.drafts, lee.met) == (2, 1, 1, True)
    assert lee.last_activity == date(2026, 11, 30)
    assert (ola.recorded, ola.with_peer, ola.drafts, ola.last_activity, ola.met) == (
        0, 0, 0, None, False)
    after = {r.name: r for r in compliance({learner.id}, date(2026, 12, 1), Rules())}
    assert after["Lee Learner"].recorded == 0

"""Random form data thrown at every POST route never causes a server error."""

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from courseware.extensions import db
from courseware.manage.people import create_team
from courseware.models import TeamMember
from tests.cpd.helpers import make_entry
from tests.factories import Auth, csrf_token, make_user, post_form

FIELDS = ["email", "password", "confirm", "current", "name", "text", "q-q1", "q-q2", "q-q3",
          "q-q4", "q-", "title", "summary", "reason", "code", "activity_type", "activity_date",
          "minutes", "description", "learning", "impact_on_practice", "impact_on_people",
          "peer_name", "peer_role", "peer_date", "peer_learning", "standards", "links", "finish",
          "save_draft", "hours", "share", "confirm_delete", "module", "who", "learners",
          "due_on", "member-email", "manager-email", "rename-name", "role", "file",
          "new_email", "email_password"]
VALUES = st.one_of(
    st.text(max_size=300),
    st.sampled_from(["0", "1", "-1", "99", "true", "false", "", " ", "\x00", "%00", "é" * 50,
                     "<script>alert(1)</script>", "' OR 1=1 --", "a" * 5000]),
)
# Mostly the fields the forms know, each filled at random, plus a few unknown ones.
FORMS = st.tuples(
    st.dictionaries(st.sampled_from(FIELDS), VALUES, min_size=1),
    st.lists(st.tuples(st.text(max_size=20), VALUES), max_size=3),
).map(lambda parts: list(parts[0].items()) + parts[1])


def post_routes(app, values, skip_endpoints=()):
    for rule in app.url_map.iter_rules():
        if "POST" in rule.methods and rule.endpoint not in skip_endpoints:
            yield rule.build({k: values[k] for k in rule.arguments})[1]


@settings(max_examples=60, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=FORMS)
def fuzz_one(client, url, token, data):
    response = client.post(url, data=MultiDict([("csrf_token", token), *data]))
    assert response.status_code < 500, (url, data)


def test_random_form_data_never_gives_a_500(app, client, module):
    user = make_user("learner@example.org")
    entry_id = make_entry(user).id
    Auth(client).login("learner@example.org")
    start = post_form(client, "/modules/tiny-module/start", {}, token_from="/modules/tiny-module")
    eid = int(re.search(r"/learn/(\d+)", start.headers["Location"]).group(1))
    app.config.update(LOGIN_LIMIT_PER_ADDRESS="10000 per minute",
                      LOGIN_LIMIT_PER_ACCOUNT="10000 per minute",
                      RESET_LIMIT_PER_ADDRESS="10000 per minute",
                      RESET_LIMIT_PER_ACCOUNT="10000 per minute")
    from tests.test_routes import owned_certificate

    cert = owned_certificate(eid)
    urls = set()
    for key in ("check", "my-practice", "welcome"):
        urls.update(post_routes(app, {"slug": "tiny-module", "enrolment_id": eid, "key": key,
                                      "token": "x", "attempt_id": 1, "entry_id": entry_id,
                                      "attachment_id": 1, "draft_id": 1, "position": 1,
                                      "qposition": 1, "file_id": 1, "module_id": 1,
                                      "version_id": 1, "certificate_id": cert.id,
                                      "team_id": 1, "assignment_id": 1, "user_id": 1}))
    skip = {"/logout", "/account/sign-out-everywhere"}  # they end the session under test
    for url in sorted(urls - skip):
        token = csrf_token(client, "/my-learning")
        fuzz_one(client, url, token)


def test_random_form_data_on_the_manager_and_admin_forms(app, client, module):
    """As an admin, who may use every manager and admin form, on a real team."""
    learner = make_user("learner@example.org")
    make_user("admin@example.org", role="admin")
    team = create_team("A team")
    db.session.add(TeamMember(team_id=team.id, user_id=learner.id))
    db.session.commit()
    Auth(client).login("admin@example.org")
    values = {"team_id": team.id, "assignment_id": 1, "user_id": learner.id,
              "slug": "tiny-module", "enrolment_id": 1, "key": "check", "token": "x",
              "attempt_id": 1, "entry_id": 1, "attachment_id": 1, "draft_id": 1, "position": 1,
              "qposition": 1, "file_id": 1, "module_id": 1, "version_id": 1,
              "certificate_id": 1, "code": "x"}
    # Removing and deleting read nothing but the CSRF token; they would empty the team.
    skip = {"manage.delete_view", "manage.remove_member_view", "manage.remove_manager_view",
            "manage.remove_assignment"}
    urls = [url for url in post_routes(app, values, skip) if url.startswith(("/manage",
                                                                              "/admin"))]
    assert len(urls) >= 7
    for url in sorted(urls):
        fuzz_one(client, url, csrf_token(client, "/my-learning"))

"""Every route states its role, and the role is enforced."""

import pytest

from courseware.security import ANYONE, SIGNED_IN

# Example values for URL parameters; the ids belong to nobody, so signed-in users get 404s.
SAMPLE = {"slug": "tiny-module", "enrolment_id": 1, "key": "welcome", "attempt_id": 1,
          "sha256": "0" * 64, "filename": "css/site.css", "certificate_id": 1,
          "code": "0000-0000-0000-0000-00"}


def routes(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        yield rule, app.view_functions[rule.endpoint]


def test_every_route_states_a_role(app):
    missing = [rule.rule for rule, view in routes(app) if not hasattr(view, "required_role")]
    assert missing == [], f"routes without @role(...): {missing}"


def test_signed_in_routes_send_anonymous_visitors_to_sign_in(app, client, module):
    checked = 0
    for rule, view in routes(app):
        if view.required_role == ANYONE:
            continue
        url = rule.build({k: SAMPLE[k] for k in rule.arguments})[1]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(url, method=method)
            if method == "POST" and response.status_code == 400:
                continue  # refused for its missing CSRF token before any role check
            assert response.status_code == 302, (method, url)
            assert "/login" in response.headers["Location"]
            checked += 1
    assert checked >= 5


@pytest.mark.parametrize("role_name", ["learner", "trainer", "manager", "admin"])
def test_every_get_route_answers_without_error(app, client, module, role_name):
    from tests.factories import Auth, make_user

    make_user(f"{role_name}@example.org", role=role_name)
    Auth(client).login(f"{role_name}@example.org")
    for rule, view in routes(app):
        if "GET" not in rule.methods:
            continue
        url = rule.build({k: SAMPLE[k] for k in rule.arguments})[1]
        response = client.get(url)
        assert response.status_code < 500, url
        if view.required_role not in (ANYONE, SIGNED_IN) and not (
            role_name == "admin" or role_name == view.required_role
        ):
            assert response.status_code == 403, url

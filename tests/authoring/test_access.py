"""Who may reach authoring: trainers and admins; a trainer's draft is theirs alone."""

import pytest
from sqlalchemy import select

from courseware.extensions import db
from courseware.models import Draft, ModuleVersion
from tests.authoring.helpers import build_small_module, publish, sign_in
from tests.factories import Auth, make_user, post_form

VALUES = {"draft_id": 1, "position": 1, "qposition": 1, "file_id": 1, "module_id": 1,
          "version_id": 1, "sha256": "0" * 64, "key": "before-you-post"}


def authoring_urls(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("authoring."):
            url = rule.build({k: VALUES[k] for k in rule.arguments})[1]
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield method, url


@pytest.mark.parametrize("role_name", ["learner", "manager"])
def test_learners_and_managers_reach_no_authoring_url(client, app, role_name):
    sign_in(client)
    build_small_module(client)
    Auth(client).logout()
    make_user("other@example.org", "Other", role_name)
    Auth(client).login("other@example.org")
    assert "Authoring" not in client.get("/").get_data(as_text=True)
    checked = 0
    for method, url in authoring_urls(app):
        if method == "GET":
            response = client.get(url)
        else:
            response = post_form(client, url, {}, token_from="/")
        assert response.status_code == 403, (method, url)
        checked += 1
    assert checked > 25


def test_a_trainer_cannot_reach_another_trainers_draft_but_an_admin_can(client, app):
    tess = sign_in(client)
    draft = build_small_module(client)
    Auth(client).logout()
    sign_in(client, "rival@example.org", name="Rita Rival")
    assert "Safe sharing online" not in client.get("/authoring/").get_data(as_text=True)
    for method, url in authoring_urls(app):
        if "/drafts/" not in url:
            continue
        if method == "GET":
            response = client.get(url)
        else:
            response = post_form(client, url, {"title": "Mine now", "confirm": "yes"},
                                 token_from="/authoring/")
        assert response.status_code == 404, (method, url)
    assert db.session.get(Draft, draft) is not None
    Auth(client).logout()

    sign_in(client, "boss@example.org", role="admin", name="Ada Admin")
    home = client.get("/authoring/").get_data(as_text=True)
    assert "Safe sharing online" in home and "Tess Trainer" in home
    assert client.get(f"/authoring/drafts/{draft}").status_code == 200
    assert client.get(f"/authoring/drafts/{draft}/steps/1").status_code == 200
    assert publish(client, draft).status_code == 302
    version = db.session.scalar(select(ModuleVersion))
    assert version.module.owner_id == tess.id  # the draft's author owns the module
    assert client.get("/authoring/audit").status_code == 200


def test_modules_belong_to_whoever_published_them(client, app):
    owner = sign_in(client)
    publish(client, build_small_module(client))
    version = db.session.scalar(select(ModuleVersion))
    assert version.module.owner_id == owner.id
    Auth(client).logout()
    sign_in(client, "rival@example.org", name="Rita Rival")
    assert client.get(f"/authoring/versions/{version.id}/export").status_code == 404
    for url in (f"/authoring/versions/{version.id}/draft",
                f"/authoring/modules/{version.module_id}/retire"):
        assert post_form(client, url, {}, token_from="/authoring/").status_code == 404
    assert db.session.get(type(version.module), version.module_id).retired_at is None


def test_only_admins_see_the_audit_log(client, app):
    sign_in(client)
    assert client.get("/authoring/audit").status_code == 403
    Auth(client).logout()
    sign_in(client, "boss@example.org", role="admin", name="Ada Admin")
    publish(client, build_small_module(client))
    page = client.get("/authoring/audit").get_data(as_text=True)
    assert "Published" in page and "Created a draft" in page
    assert "safe-sharing-online" in page and "Ada Admin" in page
    assert "Audit log" in client.get("/authoring/").get_data(as_text=True)

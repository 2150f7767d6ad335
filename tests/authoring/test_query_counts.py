"""Authoring pages run a fixed number of SQL queries, however many drafts, versions or events."""

from courseware.extensions import db
from courseware.models import AuditEvent
from tests.authoring.helpers import build_small_module, publish, sign_in
from tests.factories import Auth, make_user
from tests.test_query_counts import queries_for


def test_authoring_pages_have_fixed_query_counts(client, app):
    sign_in(client, "boss@example.org", role="admin", name="Ada Admin")
    draft = build_small_module(client)
    base = f"/authoring/drafts/{draft}"
    pages = ["/authoring/", base, base + "/details", base + "/steps/1", base + "/steps/2",
             base + "/steps/2/questions/1", base + "/steps/3", base + "/files",
             base + "/publish", base + "/preview", base + "/preview/steps/before-you-post",
             base + "/preview/steps/check-your-understanding", base + "/preview/end",
             "/authoring/audit"]
    for url in pages:
        client.get(url)
    before = {url: queries_for(client, url) for url in pages}

    # More of everything: other trainers' drafts, published modules, audit events.
    Auth(client).logout()
    for n in range(3):
        sign_in(client, f"t{n}@example.org", name=f"Trainer {n}")
        other = build_small_module(client, title=f"Another module {n}")
        if n == 1:
            publish(client, other)
        Auth(client).logout()
    for n in range(60):
        db.session.add(AuditEvent(action="export", module_slug=f"m{n}"))
    db.session.commit()
    make_user("someone@example.org")
    Auth(client).login("boss@example.org")
    after = {url: queries_for(client, url) for url in pages}
    assert after == before
    # The counts themselves, so that a change which adds queries is a visible decision.
    assert before == {
        "/authoring/": 4, base: 4, base + "/details": 3, base + "/steps/1": 3,
        base + "/steps/2": 3, base + "/steps/2/questions/1": 3, base + "/steps/3": 3,
        base + "/files": 3, base + "/publish": 4, base + "/preview": 3,
        base + "/preview/steps/before-you-post": 3,
        base + "/preview/steps/check-your-understanding": 3, base + "/preview/end": 3,
        "/authoring/audit": 2,
    }

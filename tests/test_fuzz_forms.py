"""Random form data, crafted query strings and damaged files never cause a server error."""

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from courseware.extensions import db
from courseware.manage.people import create_team
from courseware.models import SignIn, TeamMember
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
    Auth(app.test_client()).login("learner@example.org")  # another device, to sign out of
    other_device = db.session.scalar(select(func.max(SignIn.id)))
    urls = set()
    for key in ("check", "my-practice", "welcome"):
        urls.update(post_routes(app, {"slug": "tiny-module", "enrolment_id": eid, "key": key,
                                      "token": "x", "attempt_id": 1, "entry_id": entry_id,
                                      "attachment_id": 1, "draft_id": 1, "position": 1,
                                      "qposition": 1, "file_id": 1, "module_id": 1,
                                      "version_id": 1, "certificate_id": cert.id,
                                      "team_id": 1, "assignment_id": 1, "user_id": 1,
                                      "sign_in_id": other_device}))
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
              "certificate_id": 1, "code": "x", "sign_in_id": 1}
    # Removing and deleting read nothing but the CSRF token; they would empty the team.
    skip = {"manage.delete_view", "manage.remove_member_view", "manage.remove_manager_view",
            "manage.remove_assignment"}
    urls = [url for url in post_routes(app, values, skip) if url.startswith(("/manage",
                                                                              "/admin"))]
    assert len(urls) >= 7
    for url in sorted(urls):
        fuzz_one(client, url, csrf_token(client, "/my-learning"))


# -- query strings: every value a view reads from ?..., crafted -----------------------------------

QUERY_NAMES = ["page", "year", "q", "next", "code", "module", "status", "completed_from",
               "completed_to", "sort", "order", "preview", "v"]
NASTY = st.sampled_from([
    "\u00b2", "\u0663", "\uff11", "\u2167", "\u00bd", "1\u00b2", "-1", "0", "", " ", "+1", "1_0",
    "1e3", "0x10", "9" * 30, "9" * 5000, "2147483648", "-2147483649", "all", "\r\n", "/\r\nX:1",
    "/\x0bx", "/\x85", "/\u2028", "\x00", "%ff", "//evil.example", "/\\evil", "2026-02-30",
    "\U0001f600",
])
QUERY_VALUES = st.one_of(NASTY, st.text(max_size=40), st.integers().map(str))
QUERIES = st.lists(st.tuples(st.sampled_from(QUERY_NAMES), QUERY_VALUES), min_size=1, max_size=4)


@settings(max_examples=25, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(query=QUERIES)
def fuzz_query(client, url, query):
    response = client.get(url, query_string=MultiDict(query))
    assert response.status_code < 500, (url, query)


def get_routes(app, values, skip_endpoints=()):
    for rule in app.url_map.iter_rules():
        if "GET" in rule.methods and rule.endpoint not in skip_endpoints \
                and set(rule.arguments) <= set(values):
            yield rule.build({k: values[k] for k in rule.arguments})[1]


def test_crafted_query_strings_never_give_a_500(app, client, module):
    """As an admin on a real team with a CPD entry: the pages that read ?... , then every page."""
    learner = make_user("learner@example.org")
    admin = make_user("admin@example.org", role="admin")
    make_entry(admin)
    team = create_team("A team")
    db.session.add(TeamMember(team_id=team.id, user_id=learner.id))
    db.session.commit()
    Auth(client).login("admin@example.org")
    readers = ["/manage", f"/manage/teams/{team.id}", f"/manage/teams/{team.id}/export.csv",
               "/admin/people", "/authoring/audit", "/cpd", "/cpd/export.csv", "/cpd/export.pdf",
               "/", "/verify", "/login", "/register"]
    for url in readers:
        fuzz_query(client, url)
    values = {"team_id": team.id, "user_id": learner.id, "slug": "tiny-module", "key": "check",
              "token": "x", "code": "x", "sha256": "0" * 64, "filename": "x.css"}
    for name in ("enrolment_id", "attempt_id", "entry_id", "attachment_id", "draft_id",
                 "position", "qposition", "file_id", "module_id", "version_id",
                 "certificate_id", "assignment_id"):
        values[name] = 1
    crafted = MultiDict([(name, value) for name in QUERY_NAMES
                         for value in ("\u00b2", "9" * 5000, "-1", "/\r\nX:1", "\U0001f600")])
    for url in sorted(set(get_routes(app, values))):
        response = client.get(url, query_string=crafted)
        assert response.status_code < 500, url


@pytest.mark.parametrize("path", ["/cpd/{big}", "/manage/teams/{big}", "/learn/{big}",
                                  "/certificates/{big}/credential.jwt", "/cpd/\u00b2",
                                  "/authoring/drafts/{big}", "/admin/teams/{big}"])
def test_crafted_ids_in_paths_are_a_404(client, path):
    make_user("admin@example.org", role="admin")
    Auth(client).login("admin@example.org")
    for big in ("2147483648", "9" * 30, "9" * 5000):
        assert client.get(path.format(big=big)).status_code == 404, path


# -- uploads: truncated and damaged pictures and PDFs --------------------------------------------

def _real_files() -> list[bytes]:
    from tests.cpd.helpers import pdf_bytes, png_bytes

    return [png_bytes(fmt=fmt) for fmt in ("PNG", "JPEG", "GIF", "WEBP")] + [pdf_bytes()]


@st.composite
def damaged_files(draw) -> bytes:
    """A real picture or PDF cut short, with bytes changed, or garbage after a signature."""
    data = bytearray(draw(st.sampled_from(_real_files())))
    how = draw(st.sampled_from(["cut", "flip", "signature", "chunk"]))
    if how == "chunk":  # a PNG's signature and header, then a chunk cut short or with a bad CRC
        start = _real_files()[0][:33]
        kind = draw(st.sampled_from([b"IEND", b"IDAT", b"tEXt", b"PLTE", b"zzzz"]))
        return start + draw(st.binary(min_size=4, max_size=4)) + kind + draw(st.binary(max_size=8))
    if how == "cut":
        return bytes(data[:draw(st.integers(1, len(data) - 1))])
    if how == "flip":
        for _ in range(draw(st.integers(1, 8))):
            data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
        return bytes(data)
    return bytes(data[:draw(st.integers(4, 40))]) + draw(st.binary(max_size=200))


def test_the_file_check_refuses_damaged_files_without_crashing():
    from courseware.cpd.attachments import RefusedFile, check_file

    @settings(max_examples=300, deadline=None, database=None)
    @given(data=damaged_files())
    def check(data):
        try:
            check_file(data)
        except RefusedFile:
            pass

    check()


def test_damaged_uploads_never_give_a_500(client, module):
    """Through the CPD evidence form, a lesson's picture and a package's picture."""
    import io

    from tests.authoring.helpers import add_step, new_draft
    from tests.content.helpers import valid_files, zip_bytes

    entry = make_entry(make_user("admin@example.org", role="admin")).id
    Auth(client).login("admin@example.org")
    draft = new_draft(client)
    lesson = add_step(client, draft, "lesson", "Pictures")

    @settings(max_examples=20, deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(data=damaged_files())
    def send(data):
        for url, fields in [
            (f"/cpd/{entry}/files", {"file": (io.BytesIO(data), "evidence.png")}),
            (f"/authoring/drafts/{draft}/steps/{lesson}",
             {"title": "Pictures", "body": "Text.", "alt": "A picture", "action": "picture",
              "picture": (io.BytesIO(data), "photo.png")}),
            ("/authoring/upload",
             {"package": (io.BytesIO(zip_bytes({**valid_files(), "media/padlock.png": data})),
                          "package.zip")}),
        ]:
            token_from = f"/cpd/{entry}" if url.startswith("/cpd") else None
            response = post_form(client, url, fields, token_from=token_from,
                                 content_type="multipart/form-data")
            assert response.status_code < 500, (url, data[:60])

    send()

"""Random form data at every authoring POST route, sent by the draft's owner, never gives a 500."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from tests.authoring.helpers import build_small_module, sign_in
from tests.factories import csrf_token

FIELDS = ["title", "module_id", "summary", "duration_minutes", "level", "outcomes", "tags",
          "pass_mark", "certificate_enabled", "valid_for_days", "kind", "step_title", "body",
          "alt", "action", "shuffle", "question_type", "prompt", "choices-0-text",
          "choices-0-correct", "choices-0-feedback", "choices-9-text", "choices-x-text",
          "answer", "accept", "explanation", "min_words", "text", "release", "note",
          "direction", "base", "q-q1"]
VALUES = st.one_of(
    st.text(max_size=200),
    st.sampled_from(["0", "1", "-1", "999999999999", "true", "false", "up", "down", "", " ",
                     "\x00", "lesson", "quiz", "reflection", "single", "text", "major", "patch",
                     "picture", "preview", "y", "module.yaml", "lessons/../../x.md",
                     "&a [*a]", "key: *a", "<script>alert(1)</script>", "a" * 5000]),
)
FORMS = st.dictionaries(st.sampled_from(FIELDS), VALUES, min_size=1).map(lambda d: list(d.items()))


@settings(max_examples=25, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=FORMS)
def fuzz_one(client, url, token, data):
    response = client.post(url, data=MultiDict([("csrf_token", token), *data]))
    assert response.status_code < 500, (url, data)


def test_random_authoring_forms_never_give_a_500(app, client):
    sign_in(client)
    draft = build_small_module(client)
    values = {"draft_id": draft, "position": 2, "qposition": 1, "file_id": 1, "module_id": 1,
              "version_id": 1, "key": "check-your-understanding"}
    urls = sorted(
        rule.build({k: values[k] for k in rule.arguments})[1]
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("authoring.") and "POST" in rule.methods
        and not rule.endpoint.endswith(("delete", "remove", "remove_file"))
    )
    token = csrf_token(client, f"/authoring/drafts/{draft}")
    for url in urls:
        fuzz_one(client, url, token)

"""Helpers for authoring tests: a signed-in trainer and a draft built through the real forms."""

import io
import re

from tests.content.helpers import png_bytes
from tests.factories import Auth, make_user, post_form

DETAILS = {
    "title": "Safe sharing online",
    "module_id": "",
    "summary": "How to share your work online without sharing too much.",
    "duration_minutes": "25",
    "level": "beginner",
    "outcomes": "Spot a post that shares too much\nChoose who sees a post",
    "tags": "privacy, social media",
    "pass_mark": "",
    "certificate_enabled": "y",
    "valid_for_days": "",
}


def sign_in(client, email="trainer@example.org", role="trainer", name="Tess Trainer"):
    """Create an account with the role and sign in as it."""
    user = make_user(email, name, role)
    Auth(client).login(email)
    return user


def draft_id_from(response) -> int:
    return int(re.search(r"/authoring/drafts/(\d+)", response.headers["Location"]).group(1))


def new_draft(client, **changes) -> int:
    """Create a new module's draft through the details form; its id."""
    response = post_form(client, "/authoring/new", {**DETAILS, **changes})
    assert response.status_code == 302, response.get_data(as_text=True)
    return draft_id_from(response)


def add_step(client, draft: int, kind: str, title: str) -> int:
    """Add a step through the draft page's form; its position."""
    page = f"/authoring/drafts/{draft}"
    response = post_form(client, page + "/steps", {"kind": kind, "step_title": title},
                         token_from=page)
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(re.search(r"/steps/(\d+)$", response.headers["Location"]).group(1))


def save_lesson(client, draft: int, position: int, title: str, body: str, **extra):
    url = f"/authoring/drafts/{draft}/steps/{position}"
    return post_form(client, url, {"title": title, "body": body, "action": "save", **extra})


def add_picture(client, draft, position, title, body, alt, data=None, name="phone.png"):
    url = f"/authoring/drafts/{draft}/steps/{position}"
    fields = {"title": title, "body": body, "alt": alt, "action": "picture",
              "picture": (io.BytesIO(png_bytes() if data is None else data), name)}
    return post_form(client, url, fields, content_type="multipart/form-data")


def add_question(client, draft: int, position: int, kind: str) -> int:
    url = f"/authoring/drafts/{draft}/steps/{position}"
    response = post_form(client, url + "/questions", {"question_type": kind}, token_from=url)
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(re.search(r"/questions/(\d+)$", response.headers["Location"]).group(1))


def save_question(client, draft, position, qposition, data):
    url = f"/authoring/drafts/{draft}/steps/{position}/questions/{qposition}"
    return post_form(client, url, data)


def build_small_module(client, **details) -> int:
    """A draft with a lesson (and a picture), a quiz of one single question and a reflection."""
    draft = new_draft(client, **details)
    lesson = add_step(client, draft, "lesson", "Before you post")
    body = "## Think first\n\nAsk yourself **who** will see it."
    assert save_lesson(client, draft, lesson, "Before you post", body).status_code == 302
    assert add_picture(client, draft, lesson, "Before you post", body,
                       "A phone showing a post").status_code == 302
    quiz = add_step(client, draft, "quiz", "Check your understanding")
    q = add_question(client, draft, quiz, "single")
    response = save_question(client, draft, quiz, q, {
        "prompt": "Who can see a public post?",
        "choices-0-text": "Anyone", "choices-0-correct": "y",
        "choices-0-feedback": "Yes: public means everyone.",
        "choices-1-text": "Only friends", "choices-1-feedback": "No, that is a private post.",
        "choices-2-text": "", "choices-3-text": "",
        "explanation": "Public posts can be seen by anyone.",
    })
    assert response.status_code == 302, response.get_data(as_text=True)
    reflection = add_step(client, draft, "reflection", "Your practice")
    response = post_form(client, f"/authoring/drafts/{draft}/steps/{reflection}", {
        "title": "Your practice", "prompt": "What will you check before you next post?",
        "min_words": "3"})
    assert response.status_code == 302, response.get_data(as_text=True)
    return draft


def publish(client, draft: int, release: str = "major", note: str = "The first version."):
    url = f"/authoring/drafts/{draft}/publish"
    return post_form(client, url, {"release": release, "note": note})

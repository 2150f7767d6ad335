"""The browser editor's forms: every post saves, and problems link to the field that fixes them."""

import re

from sqlalchemy import func, select

from courseware.content.package_edit import read_manifest
from courseware.domain.module_drafts import draft_files
from courseware.extensions import db
from courseware.models import AuditEvent, Draft, DraftFile
from tests.authoring.helpers import (
    add_picture,
    add_question,
    add_step,
    build_small_module,
    new_draft,
    save_lesson,
    save_question,
    sign_in,
)
from tests.content.helpers import JPEG, png_bytes
from tests.factories import post_form


def files_of(draft: int) -> dict[str, bytes]:
    return draft_files(db.session.get(Draft, draft))[0]


def manifest_of(draft: int) -> dict:
    return read_manifest(files_of(draft))


def titles(draft: int) -> list[str]:
    return [s["title"] for s in manifest_of(draft)["steps"]]


def test_steps_move_up_and_down_and_are_removed_after_asking(client, app):
    sign_in(client)
    draft = build_small_module(client)
    page = f"/authoring/drafts/{draft}"
    moved = post_form(client, f"{page}/steps/3/move", {"direction": "up"}, token_from=page)
    assert moved.headers["Location"].endswith("#step-2")
    assert titles(draft) == ["Before you post", "Your practice", "Check your understanding"]
    post_form(client, f"{page}/steps/1/move", {"direction": "down"}, token_from=page)
    assert titles(draft) == ["Your practice", "Before you post", "Check your understanding"]
    post_form(client, f"{page}/steps/1/move", {"direction": "up"}, token_from=page)
    assert titles(draft)[0] == "Your practice"

    ask = post_form(client, f"{page}/steps/2/remove", {}, token_from=page)
    assert "Remove Step 2, “Before you post”?" in ask.get_data(as_text=True)
    assert len(titles(draft)) == 3
    post_form(client, f"{page}/steps/2/remove", {"confirm": "yes"}, token_from=page)
    assert titles(draft) == ["Your practice", "Check your understanding"]
    assert "lessons/before-you-post.md" not in files_of(draft)
    assert "media/phone.png" in files_of(draft)


def test_questions_of_every_type_are_added_saved_moved_and_removed(client, app):
    sign_in(client)
    draft = new_draft(client)
    quiz = add_step(client, draft, "quiz", "Quick check")
    tf = add_question(client, draft, quiz, "true_false")
    save_question(client, draft, quiz, tf, {"prompt": "The sky is green.", "answer": "false"})
    text = add_question(client, draft, quiz, "text")
    save_question(client, draft, quiz, text, {"prompt": "Which sign starts a hashtag?",
                                              "accept": "#\r\nhash\r\n\r\n hash sign "})
    multi = add_question(client, draft, quiz, "multiple")
    save_question(client, draft, quiz, multi, {
        "prompt": "Which can you undo?", "choices-0-text": "A post", "choices-0-correct": "y",
        "choices-1-text": "A like", "choices-1-correct": "y", "choices-2-text": "Nothing"})
    questions = manifest_of(draft)["steps"][0]["questions"]
    assert [q["id"] for q in questions] == ["q1", "q2", "q3"]
    assert questions[0]["answer"] is False
    assert questions[1]["accept"] == ["#", "hash", "hash sign"]
    assert [c.get("correct", False) for c in questions[2]["choices"]] == [True, True, False]

    url = f"/authoring/drafts/{draft}/steps/{quiz}"
    post_form(client, f"{url}/questions/3/move", {"direction": "up"}, token_from=url)
    assert [q["id"] for q in manifest_of(draft)["steps"][0]["questions"]] == ["q1", "q3", "q2"]
    post_form(client, f"{url}/questions/1/remove", {"confirm": "yes"}, token_from=url)
    assert [q["id"] for q in manifest_of(draft)["steps"][0]["questions"]] == ["q3", "q2"]
    settings = post_form(client, url, {"title": "Quick check", "pass_mark": "50",
                                       "shuffle": "y"})
    assert settings.status_code == 302
    step = manifest_of(draft)["steps"][0]
    assert step["pass_mark"] == 50 and step["shuffle"] is True
    page = client.get(f"/authoring/drafts/{draft}").get_data(as_text=True)
    assert "Still to do" not in page


def test_a_problem_links_to_the_field_that_fixes_it(client, app):
    sign_in(client)
    draft = new_draft(client)
    quiz = add_step(client, draft, "quiz", "Check")
    q = add_question(client, draft, quiz, "single")
    saved = save_question(client, draft, quiz, q, {
        "prompt": "Pick one", "choices-0-text": "A", "choices-0-correct": "y",
        "choices-1-text": "B", "choices-1-correct": "y"})
    assert saved.status_code == 302
    page = client.get(f"/authoring/drafts/{draft}").get_data(as_text=True)
    link = f"/authoring/drafts/{draft}/steps/{quiz}/questions/{q}#choices"
    assert f'<a href="{link}">Step 1, “Check”, question 1: Tick exactly one right answer' in page
    question_page = client.get(link.split("#")[0]).get_data(as_text=True)
    assert "Still to do here before you can publish" in question_page
    assert 'id="choices"' in question_page


def test_form_errors_are_summarised_and_the_lesson_text_is_kept(client, app):
    sign_in(client)
    draft = new_draft(client)
    lesson = add_step(client, draft, "lesson", "Hello")
    response = save_lesson(client, draft, lesson, "", "Some **words** I typed.")
    text = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'href="#title">Give the lesson a title.' in text
    assert files_of(draft)["lessons/hello.md"] == b"Some **words** I typed.\n"
    assert manifest_of(draft)["steps"][0]["title"] == "Hello"


def test_pictures_need_alt_text_and_must_really_be_pictures(client, app):
    sign_in(client)
    draft = new_draft(client)
    lesson = add_step(client, draft, "lesson", "Pictures")
    no_alt = add_picture(client, draft, lesson, "Pictures", "Text.", "")
    assert "Describe the picture, so that people who cannot see it" in no_alt.get_data(
        as_text=True)
    svg = add_picture(client, draft, lesson, "Pictures", "Text.", "A drawing",
                      data=b"<svg><script>alert(1)</script></svg>", name="x.png")
    assert "SVG images are not allowed" in svg.get_data(as_text=True)
    wrong = add_picture(client, draft, lesson, "Pictures", "Text.", "A photo", data=JPEG,
                        name="photo.png")
    assert "rename it to .jpg" in wrong.get_data(as_text=True)
    assert not [p for p in files_of(draft) if p.startswith("media/")]
    assert files_of(draft)["lessons/pictures.md"] == b"Text.\n"  # the text was still saved

    good = add_picture(client, draft, lesson, "Pictures", "Text.", "A red square",
                       data=png_bytes(), name="Red Square.PNG")
    assert good.status_code == 302
    assert files_of(draft)["lessons/pictures.md"] == \
        b"Text.\n\n![A red square](../media/red-square.png)\n"
    again = add_picture(client, draft, lesson, "Pictures", "Text.", "The same square",
                        data=png_bytes(), name="other.png")
    assert again.status_code == 302
    assert [p for p in files_of(draft) if p.startswith("media/")] == ["media/red-square.png"]
    page = client.get(f"/authoring/drafts/{draft}/steps/{lesson}").get_data(as_text=True)
    assert "![Describe the picture](../media/red-square.png)" in page


def test_a_picture_over_5_mb_is_refused_and_the_saved_lesson_stays(client, app):
    import os

    sign_in(client)
    draft = new_draft(client)
    lesson = add_step(client, draft, "lesson", "Big")
    save_lesson(client, draft, lesson, "Big", "Kept.")
    big = png_bytes() + os.urandom(6 * 1024 * 1024)
    response = add_picture(client, draft, lesson, "Big", "Lost.", "A big picture", data=big)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "What you sent was too large" in page
    assert files_of(draft)["lessons/big.md"] == b"Kept.\n"
    medium = png_bytes() + os.urandom(2 * 1024 * 1024)  # over 1 MiB, under 5 MB: accepted
    assert add_picture(client, draft, lesson, "Big", "Kept.", "A medium picture",
                       data=medium).status_code == 302
    assert "media/phone.png" in files_of(draft)


def test_lesson_preview_autosave_and_live_preview(client, app):
    sign_in(client)
    draft = new_draft(client)
    lesson = add_step(client, draft, "lesson", "Live")
    url = f"/authoring/drafts/{draft}/steps/{lesson}"
    response = save_lesson(client, draft, lesson, "Live", "# Big\n\n<script>x()</script>Hi",
                           action="preview")
    assert response.headers["Location"].endswith("?preview=1#preview")
    shown = client.get(url + "?preview=1").get_data(as_text=True)
    preview = shown.split('id="preview"')[1]
    assert "<h2>Big</h2>" in preview and "<script>x()" not in preview

    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                      client.get(url).get_data(as_text=True)).group(1)
    saved = client.post(url, data={"csrf_token": token, "title": "Live",
                                   "body": "Saved by itself."}, headers={"X-Autosave": "1"})
    assert saved.get_json()["saved"] is True
    assert files_of(draft)["lessons/live.md"] == b"Saved by itself.\n"

    live = client.post(f"/authoring/drafts/{draft}/markdown",
                       data={"text": "**bold** <img src=x onerror=alert(1)>",
                             "base": "lessons/live.md"},
                       headers={"X-CSRFToken": token})
    html = live.get_json()["html"]
    assert "<strong>bold</strong>" in html and "onerror" not in html
    assert client.post(f"/authoring/drafts/{draft}/markdown", data={"text": "x"}
                       ).status_code == 400  # no CSRF token


def test_a_post_without_a_csrf_token_saves_nothing(client, app):
    sign_in(client)
    draft = new_draft(client)
    lesson = add_step(client, draft, "lesson", "Guarded")
    response = client.post(f"/authoring/drafts/{draft}/steps/{lesson}",
                           data={"title": "Hacked", "body": "Hacked"})
    assert response.status_code == 303  # back to the form, filled in to check: not saved
    assert files_of(draft)["lessons/guarded.md"] == b""


def test_the_file_editor_shows_problems_at_their_lines(client, app):
    sign_in(client)
    draft = build_small_module(client)
    row = db.session.scalar(select(DraftFile).where(DraftFile.draft_id == draft,
                                                    DraftFile.path == "module.yaml"))
    url = f"/authoring/drafts/{draft}/files/{row.id}"
    text = bytes(row.data).decode().replace("level: beginner", "levle: beginner")
    saved = post_form(client, url, {"text": text})
    assert saved.status_code == 302
    page = client.get(url).get_data(as_text=True)
    line = text.splitlines().index("levle: beginner") + 1
    assert f'<li id="L{line}" class="code-problem">' in page
    assert f'href="#L{line}">Line {line}: Unknown key &#39;levle&#39;' in page
    draft_page = client.get(f"/authoring/drafts/{draft}").get_data(as_text=True)
    assert f'{url}#L{line}' in draft_page
    assert client.get(f"/authoring/drafts/{draft}/files").status_code == 200
    assert client.get(f"/authoring/drafts/{draft}/files/99999").status_code == 404


def test_details_keep_a_published_modules_id_and_drafts_can_be_deleted(client, app):
    sign_in(client)
    draft = new_draft(client)
    url = f"/authoring/drafts/{draft}/details"
    form = client.get(url).get_data(as_text=True)
    assert 'value="safe-sharing-online"' in form
    changed = post_form(client, url, {"title": "Sharing safely", "module_id": "sharing",
                                      "summary": "New words.", "duration_minutes": "30",
                                      "level": "intermediate"})
    assert changed.status_code == 302
    manifest = manifest_of(draft)
    assert (manifest["id"], manifest["level"]) == ("sharing", "intermediate")
    assert manifest["certificate"] == {"enabled": False}
    bad = post_form(client, url, {"title": "X", "module_id": "Not A Slug", "summary": "S",
                                  "duration_minutes": "9000", "level": "beginner"})
    text = bad.get_data(as_text=True)
    assert 'href="#module_id">Use only lowercase letters' in text
    assert 'href="#duration_minutes">The time must be from 1 to 600 minutes.' in text

    page = f"/authoring/drafts/{draft}"
    ask = post_form(client, page + "/delete", {}, token_from=page)
    assert "Delete the draft “Sharing safely”?" in ask.get_data(as_text=True)
    post_form(client, page + "/delete", {"confirm": "yes"}, token_from=page)
    assert db.session.get(Draft, draft) is None
    assert db.session.scalar(select(func.count(DraftFile.id))) == 0
    actions = [e.action for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))]
    assert actions == ["create", "delete"]


def test_a_new_module_id_must_be_free(client, app):
    from tests.factories import import_tiny_module

    import_tiny_module()
    sign_in(client)
    response = post_form(client, "/authoring/new", {
        "title": "Tiny", "module_id": "tiny-module", "summary": "S", "duration_minutes": "5",
        "level": "beginner"})
    assert "A module with this id already exists. Choose another id." in response.get_data(
        as_text=True)


def test_an_unused_picture_can_be_removed_after_asking(client, app):
    sign_in(client)
    draft = new_draft(client)
    lesson = add_step(client, draft, "lesson", "Pictures")
    add_picture(client, draft, lesson, "Pictures", "", "A red square")
    row = db.session.scalar(select(DraftFile).where(DraftFile.draft_id == draft,
                                                    DraftFile.path == "media/phone.png"))
    files_page = f"/authoring/drafts/{draft}/files"
    url = f"/authoring/drafts/{draft}/files/{row.id}/remove"
    ask = post_form(client, url, {}, token_from=files_page)
    assert "Remove media/phone.png?" in ask.get_data(as_text=True)
    post_form(client, url, {"confirm": "yes"}, token_from=files_page)
    assert "media/phone.png" not in files_of(draft)
    page = client.get(f"/authoring/drafts/{draft}").get_data(as_text=True)
    assert "Image not found" in page  # the lesson still shows it: a problem to fix
    manifest = db.session.scalar(select(DraftFile.id).where(DraftFile.draft_id == draft,
                                                            DraftFile.path == "module.yaml"))
    refused = post_form(client, f"/authoring/drafts/{draft}/files/{manifest}/remove",
                        {"confirm": "yes"}, token_from=files_page)
    assert refused.status_code == 404

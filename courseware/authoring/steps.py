"""A draft's steps: add, move and remove them; edit a lesson (with its pictures) or a reflection;
the live Markdown preview."""

from __future__ import annotations

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup

from courseware import clock
from courseware.authoring import bp
from courseware.authoring.editing import Editing, editing, file_link
from courseware.authoring.forms import AddStepForm, LessonForm, ReflectionStepForm
from courseware.authoring.limits import PACKAGE_WORDS, PICTURE_WORDS
from courseware.authoring.pages import (
    ask_first,
    button_pressed,
    confirmed,
    draft_page,
    follow,
    invalid_post,
    step_or_404,
    step_problems,
    unreadable,
)
from courseware.authoring.quizzes import quiz_settings
from courseware.autosave import saved_message
from courseware.content.markup import TooMuchMarkup, markup_problem
from courseware.content.package import LESSON_CAP, MAX_FILES, MEDIA_CAP
from courseware.content.package_edit import (
    MANIFEST,
    add_step,
    clean_text,
    image_markdown,
    lesson_path,
    move_item,
    remove_step,
    text_bytes,
    with_manifest,
)
from courseware.domain.module_drafts import PictureRefused, place_picture
from courseware.extensions import db
from courseware.rescue import filled_form, restores
from courseware.security import role
from courseware.submissions import Outcome, once

PICTURE_REFUSED = {
    "large": f"The picture is larger than {PICTURE_WORDS}. Make it smaller and try again.",
    "unusable": "This picture cannot be used: {detail}.",
    "files": f"The module already has {MAX_FILES} files, the most allowed. Remove a picture it "
             "does not use first.",
    "package": f"The module's files would come to more than {PACKAGE_WORDS}, the most allowed. "
               "Make the pictures smaller.",
}


@bp.route("/drafts/<int:draft_id>/steps", methods=["POST"])
@role("trainer")
def add(draft_id: int):
    """Add a step at the end and go to its editor."""
    ed = editing(draft_id)
    if ed.manifest is None:
        return unreadable(ed)
    form = AddStepForm()
    if not form.validate_on_submit():
        if form.csrf_token.errors:
            abort(400)
        return draft_page(ed, form, 422)

    def make() -> Outcome:
        files, position = add_step(ed.files, form.kind.data, clean_text(form.step_title.data))
        ed.save(files)
        return Outcome(url_for("authoring.step", draft_id=draft_id, position=position),
                       f"Step {position} is added. Fill it in, then save.")

    return follow(once(form.submission.data, current_user.id, make))  # pressed twice: one step


@bp.route("/drafts/<int:draft_id>/steps/<int:position>/move", methods=["POST"])
@role("trainer")
def move_step(draft_id: int, position: int):
    """Move a step up or down one place."""
    button_pressed()
    ed = editing(draft_id)
    step_or_404(ed, position)
    direction = request.form.get("direction")
    title = ed.step_title(position)
    if direction in ("up", "down") and move_item(ed.manifest["steps"], position, direction):
        ed.save(with_manifest(ed.files, ed.manifest))
        db.session.commit()
        flash(f"{title} moved {direction}.", "success")
        position += -1 if direction == "up" else 1
    return redirect(url_for("authoring.draft", draft_id=draft_id) + f"#step-{position}")


@bp.route("/drafts/<int:draft_id>/steps/<int:position>/remove", methods=["POST"])
@role("trainer")
def remove(draft_id: int, position: int):
    """Remove a step, after asking."""
    button_pressed()
    ed = editing(draft_id)
    step_or_404(ed, position)
    title = ed.step_title(position)
    if not confirmed():
        return ask_first(ed, f"Remove {title}?", "The step and everything written in it will "
                         "be gone from this draft. Published versions are not changed.",
                         "Yes, remove this step", url_for("authoring.draft", draft_id=draft_id))
    ed.save(remove_step(ed.files, position))
    db.session.commit()
    flash(f"{title} is removed.", "success")
    return redirect(url_for("authoring.draft", draft_id=draft_id))


@bp.route("/drafts/<int:draft_id>/steps/<int:position>", methods=["GET", "POST"])
@role("trainer")
def step(draft_id: int, position: int):
    """Edit one step: a lesson, a quiz's settings and questions, or a reflection."""
    ed = editing(draft_id)
    if ed.manifest is None:
        return unreadable(ed)
    step_data = step_or_404(ed, position)
    kind = step_data.get("type")
    if kind == "lesson":
        return _lesson(ed, position, step_data)
    if kind == "quiz":
        return quiz_settings(ed, position, step_data)
    if kind == "reflection":
        return _reflection(ed, position, step_data)
    flash(f"{ed.step_title(position)} is not a lesson, quiz or reflection, so the forms cannot "
          "edit it. Fix its type in module.yaml.", "warning")
    return redirect(file_link(ed, MANIFEST))


restores("authoring.step")
def _lesson(ed: Editing, position: int, step_data: dict):
    path = lesson_path(step_data)
    if path is None:
        flash(f"{ed.step_title(position)} does not name a lesson file ending in .md. Fix its "
              "file: line in module.yaml.", "warning")
        return redirect(file_link(ed, MANIFEST))
    try:
        saved_body = ed.files.get(path, b"").decode("utf-8-sig")
    except UnicodeDecodeError:
        flash(f"{path} is not saved as UTF-8 text, so it cannot be edited here.", "warning")
        return redirect(file_link(ed, path))
    defaults = {"title": step_data.get("title") or "", "body": saved_body}
    form = filled_form(LessonForm, data=defaults)
    form.validate_on_submit()
    invalid_post(form)
    if request.method == "POST":
        action = request.form.get("action", "save")
        title = clean_text(form.title.data) if not form.title.errors else defaults["title"]
        body = clean_text(form.body.data) if not form.body.errors else saved_body
        files = dict(ed.files)
        added = None
        if action == "picture":
            added = _add_picture(form, files, path)
            if added:
                body = f"{body}\n\n{added}" if body else added
                form.body.raw_data = [body]
                form.body.data = body
                form.alt.data = ""
        bounds = markup_problem(body)
        if bounds is not None:  # kept as typed, but said at once: it cannot be shown
            form.body.errors = [*form.body.errors, str(TooMuchMarkup(bounds))]
        step_data["title"] = title or step_data.get("title")
        files[path] = text_bytes(body)
        ed.save(with_manifest(files, ed.manifest))
        db.session.commit()
        if request.headers.get("X-Autosave") == "1":
            return jsonify(saved=True, message=saved_message(clock.now()))
        if not form.errors:
            if added:
                flash("The picture is added at the end of the lesson. Move its line to where "
                      "it belongs.", "success")
            else:
                flash("The lesson is saved.", "success")
            anchor = "?preview=1#preview" if action == "preview" else ""
            if added:
                anchor = "#body"
            return redirect(url_for("authoring.step", draft_id=ed.draft.id, position=position)
                            + anchor)
    body_now = form.body.data or ""
    preview_html = None
    if request.args.get("preview") == "1":
        preview_html = Markup(ed.render(body_now, path))  # noqa: S704 - sanitised by render
    pictures = [
        {"path": p, "url": url, "markdown": image_markdown("Describe the picture", p, path)}
        for p, url in sorted(ed.media_urls().items())
    ]
    return render_template(
        "authoring/lesson.html", ed=ed, position=position, form=form, path=path,
        preview_html=preview_html, pictures=pictures,
        problems=step_problems(ed, position),
    ), (422 if form.errors else 200)




def _add_picture(form: LessonForm, files: dict[str, bytes], lesson: str) -> str | None:
    """Check the uploaded picture and put it in media/; the Markdown that shows it, or None."""
    upload_file = form.picture.data
    alt = " ".join((form.alt.data or "").split())
    if upload_file is None or not getattr(upload_file, "filename", ""):
        form.picture.errors.append("Choose a picture file to add.")
        return None
    if not alt:
        form.alt.errors.append("Describe the picture, so that people who cannot see it know "
                               "what it shows.")
        return None
    try:
        picture = place_picture(files, upload_file.filename, upload_file.read(MEDIA_CAP + 1))
    except PictureRefused as refused:
        form.picture.errors.append(PICTURE_REFUSED[refused.code].format(detail=refused.detail))
        return None
    return image_markdown(alt, picture, lesson)


def _reflection(ed: Editing, position: int, step_data: dict):
    defaults = {
        "title": step_data.get("title") or "",
        "prompt": step_data.get("prompt") if isinstance(step_data.get("prompt"), str) else "",
        "min_words": step_data.get("min_words") if isinstance(step_data.get("min_words"), int)
        else None,
    }
    form = filled_form(ReflectionStepForm, data=defaults)
    if form.validate_on_submit():
        step_data["title"] = clean_text(form.title.data)
        step_data["prompt"] = clean_text(form.prompt.data)
        step_data["min_words"] = form.min_words.data or None
        ed.save(with_manifest(ed.files, ed.manifest))
        db.session.commit()
        flash("The reflection is saved.", "success")
        return redirect(url_for("authoring.step", draft_id=ed.draft.id, position=position))
    invalid_post(form)
    return render_template(
        "authoring/reflection.html", ed=ed, position=position, form=form,
        problems=step_problems(ed, position),
    ), (422 if form.errors else 200)



@bp.route("/drafts/<int:draft_id>/markdown", methods=["POST"])
@role("trainer")
def markdown_preview(draft_id: int):
    """Markdown rendered as learners will see it, for the live preview (JSON)."""
    ed = editing(draft_id)
    text = request.form.get("text", "")[:LESSON_CAP]
    base = request.form.get("base", MANIFEST)
    if base not in ed.files:
        base = MANIFEST
    return jsonify(html=ed.render(clean_text(text), base))

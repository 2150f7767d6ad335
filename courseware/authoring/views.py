"""Authoring views: thin shells over the package editing core, drafts and publishing.

Every form post saves. The views that take a package or a picture raise the request size limit
for themselves only, before CSRFProtect reads the body.
"""

from __future__ import annotations

import hashlib
from collections import Counter

from flask import (
    Response,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, load_only
from werkzeug.exceptions import RequestEntityTooLarge
from wtforms.fields.choices import SelectChoice

from courseware import clock
from courseware.authoring import bp
from courseware.authoring.editing import (
    QUESTION_NAMES,
    STEP_NAMES,
    Editing,
    editing,
    file_link,
    problem_links,
)
from courseware.authoring.forms import (
    MAX_CHOICES,
    AddQuestionForm,
    AddStepForm,
    ButtonForm,
    FileForm,
    LessonForm,
    ModuleForm,
    NewDraftForm,
    NewModuleForm,
    PublishForm,
    QuestionForm,
    QuizSettingsForm,
    ReflectionStepForm,
    UploadForm,
)
from courseware.autosave import saved_message
from courseware.content import PackageError, build_module, read_package, validate_package
from courseware.content.markup import TooMuchMarkup, markup_problem
from courseware.content.media import media_problem, sniff
from courseware.content.package import KIB, LESSON_CAP, MAX_FILES, MEDIA_CAP, MIB, PACKAGE_CAP
from courseware.content.package_edit import (
    MANIFEST,
    ManifestError,
    add_step,
    clean_text,
    details_of,
    get_step,
    image_markdown,
    lesson_path,
    lines_of,
    media_path,
    move_item,
    new_package,
    new_question,
    next_versions,
    parse_version,
    put_quiz,
    quiz_source,
    read_manifest,
    remove_step,
    set_details,
    shape,
    suggest_bump,
    text_bytes,
    with_manifest,
)
from courseware.content.problems import hazards
from courseware.content.text import slugify
from courseware.content.words import line_of
from courseware.domain.importer import version_key
from courseware.domain.module_drafts import (
    create_draft,
    delete_draft,
    draft_file_list,
    draft_files,
    is_admin,
    latest_version,
    managed_module,
    managed_version,
    may_manage,
    module_for_slug,
    own_draft,
    publish,
    record,
    target_module,
    version_files,
    zip_package,
)
from courseware.errors import render_error
from courseware.extensions import db
from courseware.models import AuditEvent, Draft, DraftFile, Module, ModuleVersion, Step
from courseware.numbers import page_of
from courseware.rescue import filled_form, restores
from courseware.security import role
from courseware.submissions import Outcome, once

UPLOAD_LIMIT = PACKAGE_CAP + MIB  # a whole package, and the form around it
PICTURE_LIMIT = MEDIA_CAP + LESSON_CAP + 64 * KIB  # a picture, the lesson, and the form
AUDIT_PAGE = 50
RELEASES = {
    "patch": "a small fix: wording, spelling or pictures",
    "minor": "new material: steps or questions added",
    "major": "a big change: steps or questions taken out, or a rewrite",
    "package": "the number written in the package you uploaded",
    "first": "the first version",
}


# -- the trainer's area -------------------------------------------------------------------------


@bp.route("/")
@role("trainer")
def home():
    """The trainer's modules with each version's state, and their drafts."""
    admin = is_admin(current_user)
    drafts_query = select(Draft).options(joinedload(Draft.owner)).order_by(
        Draft.updated_at.desc(), Draft.id.desc())
    modules_query = select(Module).order_by(Module.slug)
    if not admin:
        drafts_query = drafts_query.where(Draft.owner_id == current_user.id)
        modules_query = modules_query.where(Module.owner_id == current_user.id)
    drafts = list(db.session.scalars(drafts_query))
    modules = list(db.session.scalars(modules_query))
    versions = list(
        db.session.scalars(
            select(ModuleVersion)
            .options(load_only(ModuleVersion.id, ModuleVersion.module_id, ModuleVersion.version,
                               ModuleVersion.title, ModuleVersion.imported_at,
                               ModuleVersion.change_note, ModuleVersion.version_key))
            .where(ModuleVersion.module_id.in_(modules_query.with_only_columns(Module.id)
                                               .order_by(None)))
            .order_by(ModuleVersion.version_key.desc())
        )
    )
    by_module: dict[int, list[ModuleVersion]] = {}
    for version in versions:
        by_module.setdefault(version.module_id, []).append(version)
    drafts_by_module: dict[int, list[Draft]] = {}
    for draft in drafts:
        if draft.module_id is not None:
            drafts_by_module.setdefault(draft.module_id, []).append(draft)
    shown = {m.id for m in modules}
    return render_template(
        "authoring/home.html",
        modules=modules,
        versions=by_module,
        module_drafts=drafts_by_module,
        new_drafts=[d for d in drafts if d.module_id is None or d.module_id not in shown],
        admin=admin,
        button=ButtonForm(),
        new_draft=NewDraftForm(),
    )


@bp.route("/new", methods=["GET", "POST"])
@role("trainer")
def new_module():
    """Start a new module: its details first, then its steps."""
    form = NewModuleForm(data={"certificate_enabled": True, "level": "beginner"})
    if form.validate_on_submit():
        data = dict(form.data)
        data["module_id"] = data["module_id"] or slugify(data["title"]) or "module"

        def make() -> Outcome | None:
            if not _id_is_free(form, data["module_id"]):
                return None
            draft = create_draft(current_user, new_package(data), how="new module")
            return _at_draft(draft, "Your new module is saved as a draft. Now add its steps.")

        outcome = once(form.submission.data, current_user.id, make)  # a double click: one draft
        if outcome is not None:
            return _follow(outcome)
    return render_template("authoring/details.html", form=form, ed=None, new=True)


def _at_draft(draft: Draft, message: str, category: str = "success") -> Outcome:
    return Outcome(url_for("authoring.draft", draft_id=draft.id), message, category)


def _follow(outcome: Outcome):
    """Say what the submission did, on the page it leads to."""
    flash(outcome.message, outcome.category)
    return redirect(outcome.url)


def _id_is_free(form: ModuleForm, slug: str, draft: Draft | None = None) -> bool:
    existing = module_for_slug(slug)
    if existing is None or (draft is not None and draft.module_id == existing.id):
        return True
    if may_manage(current_user, existing):
        form.module_id.errors.append(
            "You already have a module with this id. To change that module, start a new draft "
            "from its latest version on the Authoring page; otherwise choose another id.")
    else:
        form.module_id.errors.append("A module with this id already exists. Choose another id.")
    return False


UPLOADS = ("authoring.upload", "authoring.replace_upload")
TOO_LARGE = ("The file is larger than 50 MB, the most a package may be. Make the pictures "
             "smaller, zip the package again and upload it.")


@bp.url_value_preprocessor
def allow_uploads(endpoint: str | None, values: dict | None) -> None:
    """Raise the request size limit for the views that take files. This runs before any
    before_request function, so before CSRFProtect reads the body under the 1 MiB default."""
    if endpoint in UPLOADS:
        request.max_content_length = UPLOAD_LIMIT
    elif endpoint == "authoring.step":
        request.max_content_length = PICTURE_LIMIT  # a lesson takes a picture with its text


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error):
    """Say what was too large, on the page the trainer was using."""
    if request.endpoint in UPLOADS:
        draft_id = (request.view_args or {}).get("draft_id")
        draft = own_draft(draft_id) if draft_id else None
        return render_template("authoring/upload.html", form=UploadForm(formdata=None),
                               draft=draft, errors=[("package", TOO_LARGE)]), 413
    if request.endpoint == "authoring.step":
        flash("What you sent was too large, so nothing from the form was saved: a picture may "
              "be at most 5 MB. Make the picture smaller and add it again; your lesson as last "
              "saved is below.", "warning")
        return redirect(request.path)
    return render_error(413)


@bp.route("/upload", methods=["GET", "POST"])
@role("trainer")
def upload():
    """Upload a package as a zip: it becomes a new draft once it has passed every safety check."""
    return _upload(None)


@bp.route("/drafts/<int:draft_id>/upload", methods=["GET", "POST"])
@role("trainer")
def replace_upload(draft_id: int):
    """Replace a draft's files with an uploaded zip."""
    return _upload(own_draft(draft_id))


def _upload(draft: Draft | None):
    errors: list[str] = []
    form = UploadForm()
    if form.validate_on_submit():
        upload_file = form.package.data
        if upload_file is None or not upload_file.filename:
            errors.append("Choose a .zip file to upload.")
        else:
            data = upload_file.read(UPLOAD_LIMIT + 1)
            try:
                files = read_package(data)
                unsafe = hazards(validate_package(files), files)
                if unsafe:
                    raise PackageError(unsafe)
            except PackageError as error:
                errors.append("The package was refused, and nothing was stored. Fix what is "
                              "listed here, zip the package again and upload it.")
                errors.extend(_say_upload_error(e) for e in error.errors)
            else:
                outcome = once(form.submission.data, current_user.id,
                               lambda: _store_upload(draft, files, errors))
                if outcome is not None:
                    return _follow(outcome)
    elif form.submission.errors:  # an out-of-date page: the file must be chosen again
        errors.append(f"{form.submission.errors[0]} Choose the .zip file again.")
    status = 422 if errors else 200
    return render_template("authoring/upload.html", form=form, draft=draft,
                           errors=[("package", e) for e in errors]), status


def _say_upload_error(error) -> str:
    if isinstance(error, str) and error.startswith("upload.zip:"):
        return "This is not a .zip file that can be read. Make the zip again and upload it."
    return line_of(error)


def _store_upload(draft: Draft | None, files: dict[str, bytes], errors: list[str]
                  ) -> Outcome | None:
    try:
        slug = read_manifest(files).get("id")
    except ManifestError:
        slug = None
    module = module_for_slug(slug if isinstance(slug, str) else None)
    if module is not None and not may_manage(current_user, module) and (
        draft is None or draft.module_id != module.id
    ):
        errors.append(f"A module with the id “{slug}” already exists and belongs to someone "
                      "else. Change the id in module.yaml, zip the package again and upload it.")
        return None
    if draft is None:
        draft = create_draft(current_user, files, module=module, how="uploaded a zip")
    else:
        Editing(draft, *draft_files(draft)).save(files)
    uploaded = Editing(draft, files, {})
    count, noted = len(uploaded.problems), len(uploaded.warnings)
    if count:
        return _at_draft(draft, f"Your package is uploaded as a draft. It has {count} problem"
                         f"{'' if count == 1 else 's'} to fix before you can publish it; "
                         f"{'it is' if count == 1 else 'they are'} listed below.", "warning")
    if noted:
        return _at_draft(draft, "Your package is uploaded as a draft, and it is valid. Look at "
                         "what is listed under “Worth checking” below, then preview it and "
                         "publish.")
    return _at_draft(draft, "Your package is uploaded as a draft, and it is valid. Preview it, "
                     "then publish.")


# -- a draft ------------------------------------------------------------------------------------


def _draft_page(ed: Editing, add_form: AddStepForm | None = None, status: int = 200):
    steps = ed.manifest["steps"] if ed.manifest else []
    module, target_problem = target_module(ed.draft, ed.files, current_user)
    return render_template(
        "authoring/draft.html",
        ed=ed,
        steps=steps,
        step_names=STEP_NAMES,
        problems=problem_links(ed, ed.problems),
        warnings=problem_links(ed, ed.warnings),
        step_counts=Counter(p.step for p in ed.problems if p.step),
        target_problem=target_problem,
        module=module,
        add_form=add_form or AddStepForm(formdata=None),
        button=ButtonForm(),
        manifest_link=file_link(ed, MANIFEST, 0),
    ), status


@bp.route("/drafts/<int:draft_id>")
@role("trainer")
def draft(draft_id: int):
    """A draft: its steps in order, what is wrong with it, and what to do next."""
    return _draft_page(editing(draft_id))


@bp.route("/drafts/<int:draft_id>/details", methods=["GET", "POST"])
@role("trainer")
def details(draft_id: int):
    """The module's details: title, summary, time, level, outcomes, pass mark, certificate."""
    ed = editing(draft_id)
    if ed.manifest is None:
        return _unreadable(ed)
    form = ModuleForm(data=details_of(ed.manifest))
    fixed_id = ed.draft.module_id is not None
    if fixed_id and request.method == "POST":
        form.module_id.data = ed.manifest.get("id")
    problems = [p for p in ed.problems if p.about_module]
    if form.validate_on_submit():
        data = dict(form.data)
        if fixed_id or not data["module_id"]:
            data["module_id"] = ed.manifest.get("id") or slugify(data["title"])
        if _id_is_free(form, data["module_id"], ed.draft):
            ed.save(with_manifest(ed.files, set_details(ed.manifest, data)))
            db.session.commit()
            flash("The module's details are saved.", "success")
            return redirect(url_for("authoring.draft", draft_id=draft_id))
    warnings = [p for p in ed.warnings if p.about_module]
    return render_template("authoring/details.html", form=form, ed=ed, new=False,
                           fixed_id=fixed_id, problems=problem_links(ed, problems, local="module"),
                           warnings=problem_links(ed, warnings, local="module"))


def _unreadable(ed: Editing):
    flash(f"The forms cannot read this draft's module.yaml: {ed.unreadable}. Fix the file "
          "itself, or upload a corrected package.", "warning")
    return redirect(url_for("authoring.files", draft_id=ed.draft.id))


@bp.route("/drafts/<int:draft_id>/steps", methods=["POST"])
@role("trainer")
def add(draft_id: int):
    """Add a step at the end and go to its editor."""
    ed = editing(draft_id)
    if ed.manifest is None:
        return _unreadable(ed)
    form = AddStepForm()
    if not form.validate_on_submit():
        if form.csrf_token.errors:
            abort(400)
        return _draft_page(ed, form, 422)

    def make() -> Outcome:
        files, position = add_step(ed.files, form.kind.data, clean_text(form.step_title.data))
        ed.save(files)
        return Outcome(url_for("authoring.step", draft_id=draft_id, position=position),
                       f"Step {position} is added. Fill it in, then save.")

    return _follow(once(form.submission.data, current_user.id, make))  # pressed twice: one step


def _button_pressed() -> None:
    """A plain button's form was posted with a good CSRF token, else 400."""
    if not ButtonForm().validate_on_submit():
        abort(400)


@bp.route("/drafts/<int:draft_id>/steps/<int:position>/move", methods=["POST"])
@role("trainer")
def move_step(draft_id: int, position: int):
    """Move a step up or down one place."""
    _button_pressed()
    ed = editing(draft_id)
    if ed.manifest is None or get_step(ed.manifest, position) is None:
        abort(404)
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
    _button_pressed()
    ed = editing(draft_id)
    if ed.manifest is None or get_step(ed.manifest, position) is None:
        abort(404)
    title = ed.step_title(position)
    if request.form.get("confirm") != "yes":
        return render_template(
            "authoring/confirm.html", ed=ed, button=ButtonForm(),
            heading=f"Remove {title}?",
            text="The step and everything written in it will be gone from this draft. "
                 "Published versions are not changed.",
            action=url_for("authoring.remove", draft_id=draft_id, position=position),
            yes="Yes, remove this step",
            back=url_for("authoring.draft", draft_id=draft_id),
        )
    ed.save(remove_step(ed.files, position))
    db.session.commit()
    flash(f"{title} is removed.", "success")
    return redirect(url_for("authoring.draft", draft_id=draft_id))


@bp.route("/drafts/<int:draft_id>/delete", methods=["POST"])
@role("trainer")
def delete(draft_id: int):
    """Throw a draft away, after asking."""
    _button_pressed()
    ed = editing(draft_id)
    if request.form.get("confirm") != "yes":
        return render_template(
            "authoring/confirm.html", ed=ed, button=ButtonForm(),
            heading=f"Delete the draft “{ed.draft.title or ed.draft.slug}”?",
            text="Everything in this draft will be gone. Published versions are not changed.",
            action=url_for("authoring.delete", draft_id=draft_id),
            yes="Yes, delete this draft",
            back=url_for("authoring.draft", draft_id=draft_id),
        )
    record("delete", current_user, module=ed.draft.module, slug=ed.draft.slug,
           detail="deleted a draft")
    delete_draft(ed.draft)
    db.session.commit()
    flash("The draft is deleted.", "success")
    return redirect(url_for("authoring.home"))


# -- steps --------------------------------------------------------------------------------------


def _step_or_404(ed: Editing, position: int) -> dict:
    if ed.manifest is None:
        abort(404)
    step = get_step(ed.manifest, position)
    if step is None:
        abort(404)
    return step


@bp.route("/drafts/<int:draft_id>/steps/<int:position>", methods=["GET", "POST"])
@role("trainer")
def step(draft_id: int, position: int):
    """Edit one step: a lesson, a quiz's settings and questions, or a reflection."""
    ed = editing(draft_id)
    if ed.manifest is None:
        return _unreadable(ed)
    step_data = _step_or_404(ed, position)
    kind = step_data.get("type")
    if kind == "lesson":
        return _lesson(ed, position, step_data)
    if kind == "quiz":
        return _quiz(ed, position, step_data)
    if kind == "reflection":
        return _reflection(ed, position, step_data)
    flash(f"{ed.step_title(position)} is not a lesson, quiz or reflection, so the forms cannot "
          "edit it. Fix its type in module.yaml.", "warning")
    return redirect(file_link(ed, MANIFEST))


restores("authoring.step")


def _step_problems(ed: Editing, position: int, question: int | None = None):
    chosen = [p for p in ed.problems if p.step == position and p.question == question]
    return problem_links(ed, chosen, local="question" if question else "step")


def _invalid_post(form) -> None:
    if request.method == "POST" and form.csrf_token.errors:
        abort(400)


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
    _invalid_post(form)
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
        problems=_step_problems(ed, position),
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
    data = upload_file.read(MEDIA_CAP + 1)
    if len(data) > MEDIA_CAP:
        form.picture.errors.append("The picture is larger than 5 MB. Make it smaller and try "
                                   "again.")
        return None
    shas = {p: hashlib.sha256(d).hexdigest() for p, d in files.items() if p.startswith("media/")}
    picture = media_path(upload_file.filename, hashlib.sha256(data).hexdigest(), files, shas)
    problem = media_problem(picture, data)
    if problem:
        form.picture.errors.append(f"This picture cannot be used: {problem}.")
        return None
    if picture not in files and len(files) >= MAX_FILES:
        form.picture.errors.append(f"The module already has {MAX_FILES} files, the most "
                                   "allowed. Remove a picture it does not use first.")
        return None
    if picture not in files and sum(map(len, files.values())) + len(data) > PACKAGE_CAP:
        form.picture.errors.append("The module's files would come to more than 50 MB, the most "
                                   "allowed. Make the pictures smaller.")
        return None
    files[picture] = data
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
    _invalid_post(form)
    return render_template(
        "authoring/reflection.html", ed=ed, position=position, form=form,
        problems=_step_problems(ed, position),
    ), (422 if form.errors else 200)


# -- quizzes ------------------------------------------------------------------------------------


def _quiz_holder(ed: Editing, position: int, step_data: dict):
    try:
        return quiz_source(ed.files, step_data)
    except ManifestError as error:
        flash(f"The forms cannot read this quiz: {error}. Fix the file itself.", "warning")
        return None, None


def _quiz(ed: Editing, position: int, step_data: dict):
    holder, quiz_file = _quiz_holder(ed, position, step_data)
    if holder is None:
        return redirect(url_for("authoring.files", draft_id=ed.draft.id))
    pass_mark = holder.get("pass_mark")
    defaults = {
        "title": step_data.get("title") or "",
        "pass_mark": pass_mark if isinstance(pass_mark, int) else None,
        "shuffle": holder.get("shuffle") is True,
    }
    form = filled_form(QuizSettingsForm, data=defaults)
    if form.validate_on_submit():
        step_data["title"] = clean_text(form.title.data)
        holder["pass_mark"] = form.pass_mark.data
        holder["shuffle"] = True if form.shuffle.data else None
        ed.save(put_quiz(ed.files, ed.manifest, holder, quiz_file))
        db.session.commit()
        flash("The quiz's settings are saved.", "success")
        return redirect(url_for("authoring.step", draft_id=ed.draft.id, position=position))
    _invalid_post(form)
    return _quiz_page(ed, position, holder, form)


def _quiz_page(ed, position, holder, form=None, add_form=None, status=None):
    questions = [q if isinstance(q, dict) else {} for q in holder.get("questions", [])]
    form = form or QuizSettingsForm(formdata=None)
    add_form = add_form or AddQuestionForm(formdata=None)
    problems = [p for p in ed.problems if p.step == position]
    return render_template(
        "authoring/quiz.html", ed=ed, position=position, form=form, add_form=add_form,
        questions=questions, question_names=QUESTION_NAMES, button=ButtonForm(),
        problems=problem_links(ed, problems, local="step"),
        flagged={p.question for p in problems if p.question},
    ), status or (422 if form.errors or add_form.errors else 200)


def _quiz_context(draft_id: int, position: int):
    ed = editing(draft_id)
    step_data = _step_or_404(ed, position)
    if step_data.get("type") != "quiz":
        abort(404)
    holder, quiz_file = _quiz_holder(ed, position, step_data)
    if holder is None:
        abort(404)
    return ed, step_data, holder, quiz_file


@bp.route("/drafts/<int:draft_id>/steps/<int:position>/questions", methods=["POST"])
@role("trainer")
def add_question(draft_id: int, position: int):
    """Add a question of the chosen kind at the end of the quiz."""
    ed, _, holder, quiz_file = _quiz_context(draft_id, position)
    form = AddQuestionForm()
    if not form.validate_on_submit():
        if form.csrf_token.errors:
            abort(400)
        return _quiz_page(ed, position, holder, add_form=form)

    def make() -> Outcome:
        questions = holder["questions"]
        questions.append(new_question(form.question_type.data, questions))
        ed.save(put_quiz(ed.files, ed.manifest, holder, quiz_file))
        return Outcome(url_for("authoring.question", draft_id=draft_id, position=position,
                               qposition=len(questions)),
                       f"Question {len(questions)} is added. Fill it in, then save.")

    return _follow(once(form.submission.data, current_user.id, make))  # pressed twice: one


def _question_or_404(holder: dict, qposition: int) -> dict:
    questions = holder["questions"]
    if not 1 <= qposition <= len(questions) or not isinstance(questions[qposition - 1], dict):
        abort(404)
    return questions[qposition - 1]


@bp.route("/drafts/<int:draft_id>/steps/<int:position>/questions/<int:qposition>",
          methods=["GET", "POST"])
@role("trainer")
def question(draft_id: int, position: int, qposition: int):
    """Edit one question of a quiz."""
    ed, step_data, holder, quiz_file = _quiz_context(draft_id, position)
    q = _question_or_404(holder, qposition)
    kind = q.get("type")
    if kind not in QUESTION_NAMES:
        flash(f"Question {qposition} has no type the forms know, so fix it in the file.",
              "warning")
        return redirect(file_link(ed, quiz_file or MANIFEST))
    choices = [c for c in q.get("choices") or [] if isinstance(c, dict)]
    rows = [{"text": c.get("text") if isinstance(c.get("text"), str) else "",
             "correct": c.get("correct") is True,
             "feedback": c.get("feedback") if isinstance(c.get("feedback"), str) else ""}
            for c in choices]
    if kind in ("single", "multiple"):
        rows += [{"text": "", "correct": False, "feedback": ""}] * (
            min(MAX_CHOICES, max(len(rows) + 2, 4)) - len(rows))
    defaults = {
        "prompt": q.get("prompt") if isinstance(q.get("prompt"), str) else "",
        "explanation": q.get("explanation") if isinstance(q.get("explanation"), str) else "",
        "choices": rows,
        "answer": {True: "true", False: "false"}.get(q.get("answer")),
        "accept": "\n".join(str(a) for a in q.get("accept") or [] if isinstance(a, str)),
    }
    form = QuestionForm(data=defaults)
    if form.validate_on_submit():
        q["prompt"] = clean_text(form.prompt.data)
        q["explanation"] = clean_text(form.explanation.data)
        if kind in ("single", "multiple"):
            q["choices"] = [
                {"text": clean_text(row["text"]), "correct": True if row["correct"] else None,
                 "feedback": clean_text(row["feedback"])}
                for row in form.choices.data if clean_text(row["text"])
            ]
        elif kind == "true_false":
            q["answer"] = form.answer.data == "true" if form.answer.data else None
        else:
            q["accept"] = lines_of(form.accept.data)
        ed.save(put_quiz(ed.files, ed.manifest, holder, quiz_file))
        db.session.commit()
        flash(f"Question {qposition} is saved.", "success")
        return redirect(url_for("authoring.question", draft_id=draft_id, position=position,
                                qposition=qposition))
    _invalid_post(form)
    return render_template(
        "authoring/question.html", ed=ed, position=position, qposition=qposition, form=form,
        kind=kind, kind_name=QUESTION_NAMES[kind], quiz_title=step_data.get("title") or "",
        count=len(holder["questions"]),
        problems=_step_problems(ed, position, qposition),
    ), (422 if form.errors else 200)


@bp.route("/drafts/<int:draft_id>/steps/<int:position>/questions/<int:qposition>/move",
          methods=["POST"])
@role("trainer")
def move_question(draft_id: int, position: int, qposition: int):
    """Move a question up or down one place."""
    _button_pressed()
    ed, _, holder, quiz_file = _quiz_context(draft_id, position)
    _question_or_404(holder, qposition)
    direction = request.form.get("direction")
    if direction in ("up", "down") and move_item(holder["questions"], qposition, direction):
        ed.save(put_quiz(ed.files, ed.manifest, holder, quiz_file))
        db.session.commit()
        flash(f"Question {qposition} moved {direction}.", "success")
        qposition += -1 if direction == "up" else 1
    return redirect(url_for("authoring.step", draft_id=draft_id, position=position)
                    + f"#question-{qposition}")


@bp.route("/drafts/<int:draft_id>/steps/<int:position>/questions/<int:qposition>/remove",
          methods=["POST"])
@role("trainer")
def remove_question(draft_id: int, position: int, qposition: int):
    """Remove a question from a quiz, after asking."""
    _button_pressed()
    ed, _, holder, quiz_file = _quiz_context(draft_id, position)
    _question_or_404(holder, qposition)
    back = url_for("authoring.step", draft_id=draft_id, position=position)
    if request.form.get("confirm") != "yes":
        return render_template(
            "authoring/confirm.html", ed=ed, button=ButtonForm(),
            heading=f"Remove question {qposition}?",
            text="The question, its choices and its feedback will be gone from this draft.",
            action=url_for("authoring.remove_question", draft_id=draft_id, position=position,
                           qposition=qposition),
            yes="Yes, remove this question", back=back,
        )
    holder["questions"].pop(qposition - 1)
    ed.save(put_quiz(ed.files, ed.manifest, holder, quiz_file))
    db.session.commit()
    flash(f"Question {qposition} is removed.", "success")
    return redirect(back)


# -- Markdown preview and pictures --------------------------------------------------------------


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


@bp.route("/drafts/<int:draft_id>/media/<sha256>")
@role("trainer")
def draft_media(draft_id: int, sha256: str):
    """A draft's picture, found by the hash of its bytes; only real, allowed images are served."""
    draft = own_draft(draft_id)
    item = db.session.scalar(
        select(DraftFile).where(DraftFile.draft_id == draft.id, DraftFile.sha256 == sha256,
                                DraftFile.path.like("media/%")).limit(1)
    )
    if item is None or media_problem(item.path, bytes(item.data)) is not None:
        abort(404)
    response = Response(bytes(item.data), mimetype=sniff(bytes(item.data)))
    response.headers["Cache-Control"] = "private, max-age=3600"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# -- files --------------------------------------------------------------------------------------

TEXT_SUFFIXES = (".md", ".yaml", ".yml", ".txt")


@bp.route("/drafts/<int:draft_id>/files")
@role("trainer")
def files(draft_id: int):
    """Every file in the draft's package, for those who work with the files themselves."""
    draft = own_draft(draft_id)
    return render_template("authoring/files.html", draft=draft, files=draft_file_list(draft),
                           button=ButtonForm())


@bp.route("/drafts/<int:draft_id>/files/<int:file_id>", methods=["GET", "POST"])
@role("trainer")
def draft_file(draft_id: int, file_id: int):
    """One file with its lines numbered and its problems marked; text files can be edited."""
    ed = editing(draft_id)
    path = next((p for p, i in ed.file_ids.items() if i == file_id), None)
    if path is None:
        abort(404)
    editable = path.endswith(TEXT_SUFFIXES)
    text = None
    if editable:
        try:
            text = ed.files[path].decode("utf-8-sig")
        except UnicodeDecodeError:
            editable = False
    form = FileForm(data={"text": text or ""})
    if editable and form.validate_on_submit():
        new = form.text.data.replace("\r\n", "\n").replace("\r", "\n")
        if new and not new.endswith("\n"):
            new += "\n"
        ed.save({**ed.files, path: new.encode("utf-8")})
        db.session.commit()
        flash(f"{path} is saved.", "success")
        return redirect(url_for("authoring.draft_file", draft_id=draft_id, file_id=file_id))
    _invalid_post(form)
    mine = [p for p in ed.problems if p.path == path]
    marks: dict[int, list[str]] = {}
    for p in mine:
        marks.setdefault(p.line, []).append(p.message)
    notes: dict[int, list[str]] = {}
    for w in ed.warnings:
        if w.path == path:
            notes.setdefault(w.line, []).append(w.message)
    picture = None
    if path.startswith("media/") and media_problem(path, ed.files[path]) is None:
        picture = url_for("authoring.draft_media", draft_id=draft_id,
                          sha256=hashlib.sha256(ed.files[path]).hexdigest())
    return render_template(
        "authoring/file.html", ed=ed, path=path, form=form, editable=editable,
        lines=text.removesuffix("\n").split("\n") if text else [], marks=marks, notes=notes,
        problems=[(f"#L{p.line}" if p.line else "#text", f"Line {p.line}: {p.message}"
                   if p.line else p.message) for p in mine],
        warnings=[(f"#L{w.line}", w.message) for w in ed.warnings if w.path == path],
        picture=picture,
    ), (422 if form.errors else 200)


@bp.route("/drafts/<int:draft_id>/files/<int:file_id>/remove", methods=["POST"])
@role("trainer")
def remove_file(draft_id: int, file_id: int):
    """Remove a file (a picture no longer used, say) from the draft, after asking."""
    _button_pressed()
    ed = editing(draft_id)
    path = next((p for p, i in ed.file_ids.items() if i == file_id), None)
    if path is None or path == MANIFEST:
        abort(404)
    back = url_for("authoring.files", draft_id=draft_id)
    if request.form.get("confirm") != "yes":
        return render_template(
            "authoring/confirm.html", ed=ed, button=ButtonForm(),
            heading=f"Remove {path}?",
            text="The file will be gone from this draft. If a lesson or step still uses it, "
                 "that is listed as a problem to fix.",
            action=url_for("authoring.remove_file", draft_id=draft_id, file_id=file_id),
            yes="Yes, remove this file", back=back,
        )
    ed.save({p: d for p, d in ed.files.items() if p != path})
    db.session.commit()
    flash(f"{path} is removed.", "success")
    return redirect(back)


# -- publishing ---------------------------------------------------------------------------------


def _release_options(ed: Editing, module: Module | None):
    latest = latest_version(module)
    options = next_versions(latest.version if latest else None)
    own = ed.manifest.get("version") if ed.manifest else None
    if isinstance(own, str) and parse_version(own) and own not in options.values() and (
        latest is None or version_key(own) > latest.version_key
    ):
        options = {"package": own, **options}
    return latest, options


def _release_kind(kind: str, latest: ModuleVersion | None) -> str:
    return "first" if latest is None and kind == "major" else kind


def _suggestion(latest: ModuleVersion | None, built: dict) -> tuple[str, str]:
    if latest is None:
        return suggest_bump(None, {})
    rows = db.session.execute(
        select(Step.key, Step.type, Step.data).where(Step.module_version_id == latest.id)
        .order_by(Step.position)
    )
    old = shape([{"id": key, "type": kind, "questions": data.get("questions")}
                 for key, kind, data in rows])
    return suggest_bump(old, shape(built["steps"]))


@bp.route("/drafts/<int:draft_id>/publish", methods=["GET", "POST"])
@role("trainer")
def publish_draft(draft_id: int):
    """Publish the draft as a new, immutable version, with a note of what changed."""
    ed = editing(draft_id)
    module, target_problem = target_module(ed.draft, ed.files, current_user)
    problems = problem_links(ed, ed.problems)
    if target_problem:
        problems.append((url_for("authoring.details", draft_id=draft_id) + "#module_id",
                         target_problem))
    if problems:
        return render_template("authoring/publish.html", ed=ed, problems=problems, form=None)
    latest, options = _release_options(ed, module)
    suggested, reason = _suggestion(latest, build_module(ed.files))
    if "package" in options:
        suggested = "package"
    elif suggested not in options:
        suggested = next(iter(options))
    note = "" if latest else "The first version."
    form = PublishForm(data={"release": suggested, "note": note})
    form.release.choices = [
        SelectChoice(kind, f"{number}: {RELEASES[_release_kind(kind, latest)]}")
        for kind, number in options.items()
    ]
    errors: list[tuple[str, str]] = []
    if form.validate_on_submit():
        version = options[form.release.data]
        try:
            published = publish(ed.draft, ed.files, version, clean_text(form.note.data),
                                current_user)
            db.session.commit()
        except (PackageError, IntegrityError) as error:
            db.session.rollback()
            messages = [line_of(e) for e in error.errors] if isinstance(error, PackageError) else [
                "Someone published this module at the same moment. Reload the page and "
                "choose the next number."]
            errors = [("release", m) for m in messages]
        else:
            flash(f"Version {published.version} of “{published.title}” is published. New "
                  "starters get it; learners part-way through keep the version they started.",
                  "success")
            return redirect(url_for("authoring.home") + f"#module-{published.module_id}")
    _invalid_post(form)
    return render_template(
        "authoring/publish.html", ed=ed, form=form, problems=[], errors=errors, latest=latest,
        module=module,
        reason=reason if suggested != "package" else
        "The package you uploaded has its own version number, so it is chosen; publishing "
        "with it keeps the package exactly as it is.",
    ), (422 if form.errors or errors else 200)


# -- published modules --------------------------------------------------------------------------


@bp.route("/modules/<int:module_id>/retire", methods=["POST"])
@role("trainer")
def retire(module_id: int):
    """Take a module out of the catalogue; learners' records and certificates stay."""
    _button_pressed()
    module = managed_module(module_id)
    if module.retired_at is None:
        module.retired_at = clock.now()
        record("retire", current_user, module=module, version=module.current_version)
        db.session.commit()
    flash(f"“{module.slug}” is retired: it is no longer in the catalogue. Learners' records "
          "and certificates stay, and anyone part-way through can still finish it.", "success")
    return redirect(url_for("authoring.home") + f"#module-{module.id}")


@bp.route("/modules/<int:module_id>/restore", methods=["POST"])
@role("trainer")
def restore(module_id: int):
    """Put a retired module back in the catalogue."""
    _button_pressed()
    module = managed_module(module_id)
    if module.retired_at is not None:
        module.retired_at = None
        record("restore", current_user, module=module, version=module.current_version)
        db.session.commit()
    flash(f"“{module.slug}” is back in the catalogue.", "success")
    return redirect(url_for("authoring.home") + f"#module-{module.id}")


@bp.route("/versions/<int:version_id>/draft", methods=["POST"])
@role("trainer")
def draft_from_version(version_id: int):
    """Start a new draft from a published version's files; pressed twice, still one draft."""
    version = managed_version(version_id)
    back = url_for("authoring.home") + f"#module-{version.module_id}"
    form = NewDraftForm()
    if not form.validate_on_submit():
        if form.csrf_token.errors:
            abort(400)
        flash(" ".join(form.submission.errors), "warning")
        return redirect(back)

    def make() -> Outcome:
        mine = db.session.scalar(
            select(Draft).where(Draft.module_id == version.module_id,
                                Draft.owner_id == current_user.id).limit(1)
        )
        if mine is not None:
            return _at_draft(mine, "You already have a draft of this module. Carry on with it, "
                             "or delete it first.", "info")
        package = version_files(version)
        if not package:
            return Outcome(back, "The files of this version were not kept when it was imported, "
                           "so a draft cannot start from it. Ask an administrator to import its "
                           "package again.", "warning")
        new = create_draft(current_user, package, module=version.module, based_on=version,
                           how=f"from version {version.version}")
        return _at_draft(new, f"A new draft is started from version {version.version}. Your "
                         "changes stay here until you publish them.")

    return _follow(once(form.submission.data, current_user.id, make))


@bp.route("/versions/<int:version_id>/export")
@role("trainer")
def export(version_id: int):
    """Download a version's package as a zip, exactly as it was published."""
    version = managed_version(version_id)
    package = version_files(version)
    if not package:
        flash("The files of this version were not kept when it was imported, so it cannot be "
              "exported. Ask an administrator to import its package again.", "warning")
        return redirect(url_for("authoring.home") + f"#module-{version.module_id}")
    record("export", current_user, module=version.module, version=version)
    db.session.commit()
    name = f"{version.module.slug}-{version.version}.zip"
    return Response(zip_package(package), mimetype="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


# -- the audit log ------------------------------------------------------------------------------


@bp.route("/audit")
@role("admin")
def audit():
    """Who created, published, retired or exported what, and when: newest first."""
    page = page_of(request.args)
    events = list(
        db.session.scalars(
            select(AuditEvent)
            .options(joinedload(AuditEvent.user))
            .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
            .offset((page - 1) * AUDIT_PAGE)
            .limit(AUDIT_PAGE + 1)
        )
    )
    return render_template("authoring/audit.html", events=events[:AUDIT_PAGE], page=page,
                           more=len(events) > AUDIT_PAGE)

"""A draft's files: upload a package as a zip, list, view, edit and remove files, serve pictures.

The views that take a package or a picture raise the request size limit for themselves only,
before CSRFProtect reads the body.
"""

from __future__ import annotations

import hashlib

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from courseware.authoring import bp
from courseware.authoring.editing import Editing, draft_or_404, editing
from courseware.authoring.forms import ButtonForm, FileForm, UploadForm
from courseware.authoring.limits import (
    PACKAGE_WORDS,
    PICTURE_LIMIT,
    PICTURE_WORDS,
    UPLOAD_HINT,
    UPLOAD_LIMIT,
)
from courseware.authoring.pages import (
    ask_first,
    at_draft,
    button_pressed,
    confirmed,
    follow,
    invalid_post,
)
from courseware.content import PackageError, read_package, validate_package
from courseware.content.errors import Problem
from courseware.content.media import media_problem, sniff
from courseware.content.package_edit import MANIFEST, ManifestError, read_manifest
from courseware.content.problems import hazards
from courseware.content.words import line_of
from courseware.domain.catalogue import any_module_by_slug
from courseware.domain.module_drafts import (
    create_draft,
    draft_file_list,
    draft_files,
    draft_picture,
    may_manage,
)
from courseware.errors import render_error
from courseware.extensions import db
from courseware.models import Draft
from courseware.security import role
from courseware.submissions import Outcome, once

UPLOADS = ("authoring.upload", "authoring.replace_upload")
TOO_LARGE = (f"The file is larger than {PACKAGE_WORDS}, the most a package may be. Make the "
             "pictures smaller, zip the package again and upload it.")
TEXT_SUFFIXES = (".md", ".yaml", ".yml", ".txt")


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
        draft = draft_or_404(draft_id) if draft_id else None
        return _upload_page(UploadForm(formdata=None), draft, [("package", TOO_LARGE)], 413)
    if request.endpoint == "authoring.step":
        flash("What you sent was too large, so nothing from the form was saved: a picture may "
              f"be at most {PICTURE_WORDS}. Make the picture smaller and add it again; your "
              "lesson as last saved is below.", "warning")
        return redirect(request.path)
    return render_error(413)


def _upload_page(form: UploadForm, draft: Draft | None, errors: list, status: int):
    return render_template("authoring/upload.html", form=form, draft=draft, errors=errors,
                           hint=UPLOAD_HINT), status


@bp.route("/upload", methods=["GET", "POST"])
@role("trainer")
def upload():
    """Upload a package as a zip: it becomes a new draft once it has passed every safety check."""
    return _upload(None)


@bp.route("/drafts/<int:draft_id>/upload", methods=["GET", "POST"])
@role("trainer")
def replace_upload(draft_id: int):
    """Replace a draft's files with an uploaded zip."""
    return _upload(draft_or_404(draft_id))


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
                problems = validate_package(files)  # once: for the safety gate and the draft
                unsafe = hazards(problems, files)
                if unsafe:
                    raise PackageError(unsafe)
            except PackageError as error:
                errors.append("The package was refused, and nothing was stored. Fix what is "
                              "listed here, zip the package again and upload it.")
                errors.extend(_say_upload_error(p) for p in error.problems)
            else:
                outcome = once(form.submission.data, current_user.id,
                               lambda: _store_upload(draft, files, problems, errors))
                if outcome is not None:
                    return follow(outcome)
    elif form.submission.errors:  # an out-of-date page: the file must be chosen again
        errors.append(f"{form.submission.errors[0]} Choose the .zip file again.")
    return _upload_page(form, draft, [("package", e) for e in errors], 422 if errors else 200)


def _say_upload_error(problem: Problem) -> str:
    if problem.code == "zip-unreadable":
        return "This is not a .zip file that can be read. Make the zip again and upload it."
    return line_of(problem)


def _store_upload(draft: Draft | None, files: dict[str, bytes], problems: list,
                  errors: list[str]) -> Outcome | None:
    try:
        slug = read_manifest(files).get("id")
    except ManifestError:
        slug = None
    module = any_module_by_slug(slug if isinstance(slug, str) else None)
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
    uploaded.know_errors(problems)
    count, noted = len(uploaded.problems), len(uploaded.warnings)
    if count:
        return at_draft(draft, f"Your package is uploaded as a draft. It has {count} problem"
                        f"{'' if count == 1 else 's'} to fix before you can publish it; "
                        f"{'it is' if count == 1 else 'they are'} listed below.", "warning")
    if noted:
        return at_draft(draft, "Your package is uploaded as a draft, and it is valid. Look at "
                        "what is listed under “Worth checking” below, then preview it and "
                        "publish.")
    return at_draft(draft, "Your package is uploaded as a draft, and it is valid. Preview it, "
                    "then publish.")


@bp.route("/drafts/<int:draft_id>/media/<sha256>")
@role("trainer")
def draft_media(draft_id: int, sha256: str):
    """A draft's picture, found by the hash of its bytes; only real, allowed images are served."""
    data = draft_picture(draft_or_404(draft_id), sha256)
    if data is None:
        abort(404)
    response = Response(data, mimetype=sniff(data))
    response.headers["Cache-Control"] = "private, max-age=3600"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@bp.route("/drafts/<int:draft_id>/files")
@role("trainer")
def files(draft_id: int):
    """Every file in the draft's package, for those who work with the files themselves."""
    draft = draft_or_404(draft_id)
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
    invalid_post(form)
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
    button_pressed()
    ed = editing(draft_id)
    path = next((p for p, i in ed.file_ids.items() if i == file_id), None)
    if path is None or path == MANIFEST:
        abort(404)
    back = url_for("authoring.files", draft_id=draft_id)
    if not confirmed():
        return ask_first(ed, f"Remove {path}?", "The file will be gone from this draft. If a "
                         "lesson or step still uses it, that is listed as a problem to fix.",
                         "Yes, remove this file", back)
    ed.save({p: d for p, d in ed.files.items() if p != path})
    db.session.commit()
    flash(f"{path} is removed.", "success")
    return redirect(back)


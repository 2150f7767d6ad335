"""Evidence on an entry: adding a file, opening it, removing it."""

from __future__ import annotations

import io

from flask import abort, flash, redirect, request, send_file, url_for
from flask_login import current_user

from courseware.cpd import bp
from courseware.cpd.attachments import (
    MAX_BYTES,
    PDF,
    RefusedFile,
    attach,
    data_of,
    own_attachment,
    remove,
)
from courseware.cpd.forms import ConfirmForm, UploadForm
from courseware.cpd.owned import entry_or_404
from courseware.extensions import db
from courseware.models import CpdAttachment
from courseware.security import SIGNED_IN, role
from courseware.submissions import Outcome, once

UPLOAD_LIMIT = MAX_BYTES + 64 * 1024  # one file and the form around it


@bp.url_value_preprocessor
def allow_uploads(endpoint: str | None, values: dict | None) -> None:
    """Raise the request size limit for the upload view only. This runs before any
    before_request function, so before CSRFProtect reads the body under the 1 MiB default."""
    if endpoint == "cpd.upload":
        request.max_content_length = UPLOAD_LIMIT


def _attachment_or_404(entry_id: int, attachment_id: int) -> CpdAttachment:
    item = own_attachment(entry_id, attachment_id, current_user.id)
    if item is None:
        abort(404)
    return item


@bp.route("/cpd/<int:entry_id>/files", methods=["POST"])
@role(SIGNED_IN)
def upload(entry_id: int):
    """Attach a file of evidence (PDF or picture), checked by its content."""
    item = entry_or_404(entry_id)
    form, back = UploadForm(), url_for("cpd.entry", entry_id=item.id, _anchor="files")
    if not form.validate_on_submit():
        if form.csrf_token.errors or not form.submission.errors:
            abort(400)
        flash("The file was not added, because the page was out of date. Choose the file "
              "again, then press “Add this file”.", "warning")
        return redirect(back)
    file = form.file.data
    if file is None or not getattr(file, "filename", ""):
        flash("No file was chosen. Choose a file, then press “Add this file”.", "warning")
        return redirect(back)
    data = file.read(MAX_BYTES + 1)

    def add() -> Outcome | None:
        try:
            added = attach(item, file.filename, data)
        except RefusedFile as error:
            flash(f"“{file.filename[:100]}” was not added. {error}", "warning")
            return None
        return Outcome(back, f"“{added.filename}” is added to this entry.")

    outcome = once(form.submission.data, current_user.id, add)  # a double click adds it once
    if outcome is not None:
        flash(outcome.message, outcome.category)
    return redirect(back)


@bp.route("/cpd/<int:entry_id>/files/<int:attachment_id>")
@role(SIGNED_IN)
def attachment(entry_id: int, attachment_id: int):
    """Serve an attached file to its owner only: PDFs as downloads, pictures to view."""
    item = _attachment_or_404(entry_id, attachment_id)
    response = send_file(
        io.BytesIO(data_of(item)),
        mimetype=item.content_type,
        as_attachment=item.content_type == PDF,
        download_name=item.filename,
        max_age=0,
        etag=item.sha256,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@bp.route("/cpd/<int:entry_id>/files/<int:attachment_id>/remove", methods=["POST"])
@role(SIGNED_IN)
def remove_attachment(entry_id: int, attachment_id: int):
    """Remove a file from an entry."""
    item = _attachment_or_404(entry_id, attachment_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    name = item.filename
    remove(item)
    db.session.commit()
    flash(f"“{name}” is removed from this entry.", "success")
    return redirect(url_for("cpd.entry", entry_id=entry_id, _anchor="files"))

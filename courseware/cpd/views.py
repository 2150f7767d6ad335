"""CPD record views: thin shells over entries, year, attachments, sharing and export."""

from __future__ import annotations

import io
from urllib.parse import urlsplit

from flask import (
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    stream_with_context,
    url_for,
)
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from wtforms.fields.choices import SelectChoice

from courseware import clock
from courseware.autosave import saved_message
from courseware.cpd import bp, framework, rules
from courseware.cpd import export as exporting
from courseware.cpd.attachments import (
    KINDS,
    MAX_BYTES,
    MAX_PER_ENTRY,
    PDF,
    RefusedFile,
    attach,
    data_of,
    own_attachment,
    remove,
)
from courseware.cpd.draft_entries import draft_from_enrolment
from courseware.cpd.entries import (
    PEER_FIELDS,
    TYPES,
    apply,
    attachments_of,
    autosave_values,
    date_problems,
    delete_entry,
    entries_of,
    finish_problems,
    has_content,
    own_entry,
    parse_links,
)
from courseware.cpd.forms import ConfirmForm, EntryForm, NewEntryForm, UploadForm
from courseware.domain.cpd_sharing import compliance, managed_learner_ids, set_shared, shared_entry
from courseware.domain.cpd_year import (
    EntryFacts,
    counts_towards,
    just_ended,
    panel,
    show_year_before,
    to_do,
    will_count_towards,
    year_before,
    year_ending,
    year_of,
    year_phrase,
)
from courseware.extensions import db
from courseware.models import CpdEntry, Enrolment
from courseware.models.cpd import RECORDED
from courseware.numbers import whole_number
from courseware.pdf_fonts import Fonts
from courseware.rescue import restored_formdata, restores
from courseware.security import SIGNED_IN, role
from courseware.submissions import Outcome, is_token, once


def _entry_or_404(entry_id: int) -> CpdEntry:
    entry = own_entry(entry_id, current_user.id)
    if entry is None:
        abort(404)
    return entry


def _facts(entries: list[CpdEntry]) -> list[EntryFacts]:
    return [EntryFacts(e.activity_date, e.is_draft, e.has_peer_reflection) for e in entries]


@bp.route("/cpd")
@role(SIGNED_IN)
def record():
    """The record: the year at a glance, drafts to finish, and the entries of a year."""
    entries = entries_of(current_user.id)
    the_rules, now = rules(), clock.today()
    facts = _facts(entries)
    summary = panel(facts, now, the_rules)
    current = summary.year
    before = panel(facts, now, the_rules, year_before(current, the_rules))
    phrase = year_phrase(before.year, now)
    years = sorted({year_of(e.activity_date, the_rules).end.year
                    for e in entries if e.activity_date and not e.is_draft}
                   | {current.end.year}, reverse=True)
    shown = current
    asked = whole_number(request.args.get("year"))
    if asked in years:
        shown = year_ending(asked, the_rules)
    return render_template(
        "cpd/record.html",
        panel=summary,
        to_do=to_do(summary),
        before=before if show_year_before(before, now) else None,
        before_heading=phrase[0].upper() + phrase[1:],
        before_just_ended=just_ended(before, now),
        drafts=[e for e in entries if e.is_draft],
        entries=[e for e in entries if not e.is_draft and e.activity_date in shown],
        shown=shown,
        years=years,
        types=TYPES,
    )


def _form_values(form: EntryForm) -> dict:
    return {
        "activity_type": form.activity_type.data or "",
        "title": form.title.data or "",
        "activity_date": form.activity_date.data,
        "minutes": form.time_spent(),
        "description": form.description.data or "",
        "learning": form.learning.data or "",
        "impact_on_practice": form.impact_on_practice.data or "",
        "impact_on_people": form.impact_on_people.data or "",
        "peer_name": form.peer_name.data or "",
        "peer_role": form.peer_role.data or "",
        "peer_date": form.peer_date.data,
        "peer_learning": form.peer_learning.data or "",
        "standards": list(form.standards.data or []),
    }


def _entry_form(entry: CpdEntry | None) -> EntryForm:
    the_framework = framework()
    kind = NewEntryForm if entry is None else EntryForm
    kept = restored_formdata()
    if kept is not None:  # words kept from a form that could not be saved
        form = kind(formdata=kept)
    elif entry is not None and request.method == "GET":
        form = kind(obj=entry)
    else:
        form = kind()
    form.standards.choices = [SelectChoice(s.code, s.label) for section in the_framework.sections
                              for s in section.standards]
    if entry is not None and request.method == "GET" and kept is None:
        form.links.data = "\n".join(entry.links or [])
        if entry.minutes is not None:
            hours, minutes = divmod(entry.minutes, 60)
            form.hours.data, form.minutes.data = hours * 60, minutes
        form.standards.data = [c for c in entry.standards or [] if c in the_framework.by_code]
    return form


def _save(form: EntryForm, entry: CpdEntry | None):
    """Validate and save the form; a response on success, else None (the form has errors)."""
    valid = form.validate_on_submit()
    if form.csrf_token.errors:
        abort(400)
    values = _form_values(form)
    links, link_problems = parse_links(form.links.data)
    values["links"] = links
    finished = bool(form.finish.data)
    problems = date_problems(values, clock.today())
    if finished:
        problems += finish_problems(values, clock.today())
    problems += [("links", message) for message in link_problems]
    for name, message in problems:  # every problem at once; one message for each field
        field = getattr(form, name)
        if not field.errors:
            field.errors = [message]
    if not valid or problems:
        return None
    if entry is None:  # a double click still makes one entry
        outcome = once(form.submission.data, current_user.id, lambda: _add(values, finished))
        made = _made_by(outcome) if outcome.repeat else None
        if made is None or not made.is_draft:
            flash(outcome.message, outcome.category)
            return redirect(outcome.url)
        entry = made  # its draft was autosaved from this same form: these words go into it
    apply(entry, values, finished)
    db.session.commit()
    flash(_saved(entry, finished), "success")
    return redirect(url_for("cpd.entry", entry_id=entry.id))


def _add(values: dict, finished: bool) -> Outcome:
    entry = CpdEntry(user_id=current_user.id, standards=[], links=[])
    db.session.add(entry)
    apply(entry, values, finished)
    db.session.flush()
    return Outcome(url_for("cpd.entry", entry_id=entry.id), _saved(entry, finished))


def _made_by(outcome: Outcome) -> CpdEntry | None:
    """The person's entry a new-entry form's Outcome leads to (its page), else None."""
    endpoint, args = current_app.url_map.bind("").match(urlsplit(outcome.url).path)
    return own_entry(args["entry_id"], current_user.id) if endpoint == "cpd.entry" else None


def _saved(entry: CpdEntry, finished: bool) -> str:
    if finished:
        return (f"Saved. {counts_towards(entry.activity_date, clock.today(), rules())} "
                "Only you can see it.")
    return "Your draft is saved. Only you can see it. Finish it when you are ready."


def _render_form(form: EntryForm, entry: CpdEntry | None):
    fields = [getattr(form, name) for name, _ in PEER_FIELDS]
    return render_template("cpd/form.html", form=form, entry=entry, framework=framework(),
                           peer_fields=fields, today=clock.today())


@bp.route("/cpd/new", methods=["GET", "POST"])
@role(SIGNED_IN)
def new():
    """Record an activity: a module elsewhere, a workshop, a Twitter chat, reading, supervision."""
    form = _entry_form(None)
    if request.method == "POST":
        response = _save(form, None)
        if response is not None:
            return response
    return _render_form(form, None)


@bp.route("/cpd/<int:entry_id>/edit", methods=["GET", "POST"])
@role(SIGNED_IN)
def edit(entry_id: int):
    """Change an entry, or finish a draft."""
    entry = _entry_or_404(entry_id)
    form = _entry_form(entry)
    if request.method == "POST":
        response = _save(form, entry)
        if response is not None:
            return response
    return _render_form(form, entry)


restores("cpd.new")
restores("cpd.edit")


@bp.route("/cpd/autosave", methods=["POST"])
@role(SIGNED_IN)
def autosave_new():
    """Save a new entry as a draft while it is typed (JavaScript); the draft's addresses."""
    return _autosave(None)


@bp.route("/cpd/<int:entry_id>/autosave", methods=["POST"])
@role(SIGNED_IN)
def autosave(entry_id: int):
    """Save a draft while it is typed (JavaScript); a finished entry waits for its Save."""
    entry = _entry_or_404(entry_id)
    if not entry.is_draft:
        return jsonify(error="Not saved automatically", detail="This entry is finished, so "
                       "changes wait for you: press Save to keep them."), 409
    return _autosave(entry)


def _autosave(entry: CpdEntry | None):
    form = _entry_form(entry)
    form.validate()
    values, problems = autosave_values(_form_values(form), form.errors, form.links.data,
                                       clock.today())
    if entry is None and not has_content(values):
        return jsonify(saved=False, message="")
    if not (values.get("title") or "").strip():
        values.pop("title", None)
        if entry is None:
            values["title"] = "Untitled draft"
    if entry is None:  # the form's one-time token: a second autosave fills the same draft
        if not is_token(form.submission.data):
            return jsonify(saved=False, message="")
        outcome = once(form.submission.data, current_user.id, lambda: _add(values, False))
        entry = _made_by(outcome)
        if entry is None or not entry.is_draft:
            return jsonify(saved=False, message="")
    apply(entry, values, finished=False)
    db.session.commit()
    message = saved_message(clock.now())
    if problems:
        message += ". Not saved yet: " + problems[0]
    return jsonify(saved=True, message=message, page=url_for("cpd.edit", entry_id=entry.id),
                   autosave=url_for("cpd.autosave", entry_id=entry.id))


@bp.route("/cpd/<int:entry_id>")
@role(SIGNED_IN)
def entry(entry_id: int):
    """One entry in full, with its files and who can see it."""
    item = _entry_or_404(entry_id)
    files = attachments_of([item.id])[item.id]
    today, the_rules = clock.today(), rules()
    counts = (will_count_towards(item.activity_date, today, the_rules) if item.is_draft
              else counts_towards(item.activity_date, today, the_rules))
    return render_template(
        "cpd/entry.html",
        entry=item,
        counts=counts,
        rows=exporting.form_rows(item),
        peer=exporting.peer_rows(item),
        standards=framework().labels(item.standards or []),
        framework=framework(),
        files=files,
        kinds=KINDS,
        upload=UploadForm(),
        confirm=ConfirmForm(),
        max_files=MAX_PER_ENTRY,
    )


@bp.route("/cpd/<int:entry_id>/delete", methods=["GET", "POST"])
@role(SIGNED_IN)
def delete(entry_id: int):
    """Ask, then delete an entry and its files for good."""
    item = _entry_or_404(entry_id)
    form = ConfirmForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        title = item.title
        delete_entry(item)
        db.session.commit()
        flash(f"“{title}” has been deleted from your CPD record.", "success")
        return redirect(url_for("cpd.record"))
    files = attachments_of([item.id])[item.id]
    return render_template("cpd/delete.html", entry=item, files=files, form=form)


UPLOAD_LIMIT = MAX_BYTES + 64 * 1024  # one file and the form around it


@bp.url_value_preprocessor
def allow_uploads(endpoint: str | None, values: dict | None) -> None:
    """Raise the request size limit for the upload view only. This runs before any
    before_request function, so before CSRFProtect reads the body under the 1 MiB default."""
    if endpoint == "cpd.upload":
        request.max_content_length = UPLOAD_LIMIT


@bp.route("/cpd/<int:entry_id>/files", methods=["POST"])
@role(SIGNED_IN)
def upload(entry_id: int):
    """Attach a file of evidence (PDF or picture), checked by its content."""
    item = _entry_or_404(entry_id)
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
    item = own_attachment(entry_id, attachment_id, current_user.id)
    if item is None:
        abort(404)
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
    item = own_attachment(entry_id, attachment_id, current_user.id)
    if item is None:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    name = item.filename
    remove(item)
    db.session.commit()
    flash(f"“{name}” is removed from this entry.", "success")
    return redirect(url_for("cpd.entry", entry_id=entry_id, _anchor="files"))


@bp.route("/cpd/<int:entry_id>/sharing", methods=["POST"])
@role(SIGNED_IN)
def sharing(entry_id: int):
    """Share a finished entry with your manager, or stop sharing it."""
    item = _entry_or_404(entry_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    share = request.form.get("share") == "yes"
    if share and item.status != RECORDED:
        flash("Finish this entry before you share it.", "warning")
        return redirect(url_for("cpd.entry", entry_id=item.id))
    set_shared(item, share)
    db.session.commit()
    if share:
        flash("Your manager can now read this entry. You can stop sharing it at any time.",
              "success")
    else:
        flash("You have stopped sharing this entry. Your manager can no longer read it.",
              "success")
    return redirect(url_for("cpd.entry", entry_id=item.id, _anchor="sharing"))


@bp.route("/cpd/from-module/<int:enrolment_id>")
@role(SIGNED_IN)
def from_module(enrolment_id: int):
    """The draft entry a completed module made, to finish it (made now if there is none)."""
    entry_id = _draft_id(enrolment_id)
    if entry_id is None:  # completed before the record existed, or the draft was deleted
        enrolment = db.session.scalar(
            select(Enrolment).where(Enrolment.id == enrolment_id,
                                    Enrolment.user_id == current_user.id,
                                    Enrolment.completed_at.is_not(None))
        )
        if enrolment is None:
            abort(404)
        draft_from_enrolment(enrolment, current_app.config.get("CPD_TIMEZONE", "Europe/London"))
        try:
            db.session.commit()
        except IntegrityError:  # the same link opened twice at once: the other request made it
            db.session.rollback()
        entry_id = _draft_id(enrolment_id)
    return redirect(url_for("cpd.edit", entry_id=entry_id))


def _draft_id(enrolment_id: int) -> int | None:
    """The id of the learner's entry drafted from this enrolment, if there is one."""
    return db.session.scalar(
        select(CpdEntry.id).where(CpdEntry.source_enrolment_id == enrolment_id,
                                  CpdEntry.user_id == current_user.id)
    )


def _period():
    """The period asked for: ?year=2026 (the year ending then) or ?year=all."""
    asked = request.args.get("year", "")
    if asked == "all":
        return None, "all", "All entries"
    the_rules = rules()
    ending = whole_number(asked, low=1991, high=2999)
    year = year_ending(ending, the_rules) if ending else year_of(clock.today(), the_rules)
    return year, str(year.end.year), f"Registration year {year.label}"


@bp.route("/cpd/export.pdf")
@role(SIGNED_IN)
def export_pdf():
    """The record for a year, or all of it, as a PDF to keep or show an assessor."""
    from courseware.cpd.record_pdf import record_pdf  # fpdf2 loads when a PDF is asked for

    year, slug, period = _period()
    chosen = exporting.in_period(entries_of(current_user.id), year)
    files = attachments_of([e.id for e in chosen])
    data = record_pdf(current_user, chosen, files, framework(), period, clock.today(), _fonts())
    return send_file(io.BytesIO(data), mimetype="application/pdf", as_attachment=True,
                     download_name=f"cpd-record-{slug}.pdf", max_age=0)


def _fonts() -> Fonts:
    """The certificate's fonts (CERTIFICATE_FONTS), or DejaVu Sans from CPD_PDF_FONT_DIR."""
    folder = current_app.config.get("CPD_PDF_FONT_DIR")
    if folder:
        return Fonts.in_folder(folder)
    return Fonts.from_config(current_app.config.get("CERTIFICATE_FONTS"))


@bp.route("/cpd/export.csv")
@role(SIGNED_IN)
def export_csv():
    """The record for a year, or all of it, as a spreadsheet (CSV), sent as it is written."""
    year, slug, _ = _period()
    chosen = exporting.in_period(entries_of(current_user.id), year)
    files = attachments_of([e.id for e in chosen])
    lines = exporting.csv_lines(chosen, framework(), files, clock.timezone())
    response = Response(stream_with_context(lines), mimetype="text/csv")
    response.headers["Content-Disposition"] = f"attachment; filename=cpd-record-{slug}.csv"
    return response


@bp.route("/my-data")
@role(SIGNED_IN)
def my_data():
    """What we hold about you, and a button to download all of it."""
    return render_template("cpd/my_data.html")


@bp.route("/my-data/download")
@role(SIGNED_IN)
def my_data_download():
    """Everything held about the signed-in person, as one zip."""
    made = clock.today()
    out = exporting.archive(current_user, framework(), made, clock.timezone())
    response = send_file(out, mimetype="application/zip", as_attachment=True,
                         download_name=f"cpd-learning-my-data-{made.isoformat()}.zip",
                         max_age=0)
    return response


@bp.route("/cpd/team")
@role("manager")
def team():
    """Compliance figures for the learners you manage: counts, dates and status, never text."""
    managed = managed_learner_ids(current_user)
    the_rules, now = rules(), clock.today()
    rows = compliance(managed, now, the_rules)
    return render_template("cpd/team.html", rows=rows, year=year_of(now, the_rules))


@bp.route("/cpd/team.csv")
@role("manager")
def team_csv():
    """The team page's table as a spreadsheet (CSV): the same people and figures."""
    the_rules, now = rules(), clock.today()
    rows = compliance(managed_learner_ids(current_user), now, the_rules)
    response = Response(exporting.team_csv(rows), mimetype="text/csv")
    name = f"cpd-team-{year_of(now, the_rules).end.year}.csv"
    response.headers["Content-Disposition"] = f"attachment; filename={name}"
    return response


@bp.route("/cpd/team/entries/<int:entry_id>")
@role("manager")
def team_entry(entry_id: int):
    """An entry a learner you manage has chosen to share with you; 404 for any other."""
    item = shared_entry(entry_id, current_user, managed_learner_ids(current_user))
    if item is None:
        abort(404)
    return render_template(
        "cpd/team_entry.html",
        entry=item,
        rows=exporting.form_rows(item),
        peer=exporting.peer_rows(item),
        standards=framework().labels(item.standards or []),
        framework=framework(),
    )

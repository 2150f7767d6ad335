"""Writing the CPD record: a new entry, changing or finishing one, autosave, reading, deleting."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from courseware import clock
from courseware.autosave import saved_message
from courseware.cpd import bp
from courseware.cpd import export as exporting
from courseware.cpd.attachments import KINDS, MAX_PER_ENTRY
from courseware.cpd.draft_entries import draft_from_enrolment
from courseware.cpd.entries import (
    PEER_FIELDS,
    apply,
    attachments_of,
    autosave_values,
    date_problems,
    delete_entry,
    finish_problems,
    has_content,
    own_entry,
    parse_links,
)
from courseware.cpd.entry_form import entry_form, form_values
from courseware.cpd.forms import ConfirmForm, EntryForm, UploadForm
from courseware.cpd.module_entries import completed_enrolment, drafted_entry_id
from courseware.cpd.owned import entry_or_404
from courseware.cpd.standards import framework
from courseware.domain.cpd_year import counts_towards, rules, will_count_towards
from courseware.extensions import db
from courseware.models import CpdEntry
from courseware.rescue import restores
from courseware.security import SIGNED_IN, role
from courseware.submissions import Outcome, is_token, once


def _save(form: EntryForm, entry: CpdEntry | None):
    """Validate and save the form; a response on success, else None (the form has errors)."""
    valid = form.validate_on_submit()
    if form.csrf_token.errors:
        abort(400)
    values = form_values(form)
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


def _form_page(entry: CpdEntry | None):
    """The entry form for a new entry (None) or this one; on a POST, saved if it can be."""
    form = entry_form(entry)
    if request.method == "POST":
        response = _save(form, entry)
        if response is not None:
            return response
    fields = [getattr(form, name) for name, _ in PEER_FIELDS]
    return render_template("cpd/form.html", form=form, entry=entry, framework=framework(),
                           peer_fields=fields, today=clock.today())


@bp.route("/cpd/new", methods=["GET", "POST"])
@role(SIGNED_IN)
def new():
    """Record an activity: a module elsewhere, a workshop, a Twitter chat, reading, supervision."""
    return _form_page(None)


@bp.route("/cpd/<int:entry_id>/edit", methods=["GET", "POST"])
@role(SIGNED_IN)
def edit(entry_id: int):
    """Change an entry, or finish a draft."""
    return _form_page(entry_or_404(entry_id))


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
    entry = entry_or_404(entry_id)
    if not entry.is_draft:
        return jsonify(error="Not saved automatically", detail="This entry is finished, so "
                       "changes wait for you: press Save to keep them."), 409
    return _autosave(entry)


def _autosave(entry: CpdEntry | None):
    form = entry_form(entry)
    form.validate()
    values, problems = autosave_values(form_values(form), form.errors, form.links.data,
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
    item = entry_or_404(entry_id)
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
    item = entry_or_404(entry_id)
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


@bp.route("/cpd/from-module/<int:enrolment_id>")
@role(SIGNED_IN)
def from_module(enrolment_id: int):
    """The draft entry a completed module made, to finish it (made now if there is none)."""
    entry_id = drafted_entry_id(enrolment_id, current_user.id)
    if entry_id is None:  # completed before the record existed, or the draft was deleted
        enrolment = completed_enrolment(enrolment_id, current_user.id)
        if enrolment is None:
            abort(404)
        draft_from_enrolment(enrolment)
        try:
            db.session.commit()
        except IntegrityError:  # the same link opened twice at once: the other request made it
            db.session.rollback()
        entry_id = drafted_entry_id(enrolment_id, current_user.id)
    return redirect(url_for("cpd.edit", entry_id=entry_id))

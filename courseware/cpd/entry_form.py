"""The entry form: built and filled for a page, and read back as the entry's values."""

from __future__ import annotations

from flask import request
from wtforms.fields.choices import SelectChoice

from courseware.cpd.forms import EntryForm, NewEntryForm
from courseware.cpd.standards import framework
from courseware.models import CpdEntry
from courseware.rescue import restored_formdata


def entry_form(entry: CpdEntry | None) -> EntryForm:
    """The form for a new entry (None) or this one: kept words first, else the entry's own."""
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


def form_values(form: EntryForm) -> dict:
    """The entry's values as typed in the form (links aside)."""
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

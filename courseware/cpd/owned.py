"""The signed-in person's own entries, found for a view: anyone else's is a 404."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from courseware.cpd.entries import own_entry
from courseware.models import CpdEntry


def entry_or_404(entry_id: int) -> CpdEntry:
    """The signed-in person's entry with this id, else a 404."""
    entry = own_entry(entry_id, current_user.id)
    if entry is None:
        abort(404)
    return entry

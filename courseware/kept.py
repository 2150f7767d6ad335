"""Kept forms: what a person typed into a form that could not be saved, to give back to them.

A form sent after its sign-in ended, or with a stale CSRF token, is kept here for its owner and
one page, bounded in size and number, and given back once, to fill the form in again. It is
never a submission: the person checks it and presses Save, with a fresh token.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from sqlalchemy import delete, select

from courseware import clock
from courseware.database import about_to_write
from courseware.extensions import db
from courseware.models import KeptForm

MAX_CHARS = 512 * 1024  # all the words of one form (the most a form may send)
MAX_PER_PERSON = 5  # pages with kept words; the oldest go first
KEPT_FOR = timedelta(days=7)
NOT_KEPT = {"csrf_token"}


def fields_worth_keeping(items: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """The posted fields to keep: every named one but the CSRF token, in order."""
    return [(str(name), str(value)) for name, value in items
            if name and name not in NOT_KEPT]


def has_words(fields: list[tuple[str, str]]) -> bool:
    """Whether any field holds something typed."""
    return any(value.strip() for _, value in fields)


def keep(user_id: int, page: str, fields: list[tuple[str, str]]) -> KeptForm | None:
    """Keep the fields for the person and page (replacing older ones); None when too large."""
    if sum(len(n) + len(v) for n, v in fields) > MAX_CHARS or len(page) > 500:
        return None
    about_to_write()
    now = clock.now()
    db.session.execute(delete(KeptForm).where(KeptForm.kept_at < now - KEPT_FOR))
    db.session.execute(delete(KeptForm).where(KeptForm.user_id == user_id,
                                              KeptForm.page == page))
    older = db.session.scalars(
        select(KeptForm.id).where(KeptForm.user_id == user_id)
        .order_by(KeptForm.kept_at.desc(), KeptForm.id.desc()).offset(MAX_PER_PERSON - 1)
    ).all()
    if older:
        db.session.execute(delete(KeptForm).where(KeptForm.id.in_(older)))
    kept = KeptForm(user_id=user_id, page=page, fields=[list(f) for f in fields], kept_at=now)
    db.session.add(kept)
    db.session.flush()
    return kept


def has_kept(user_id: int) -> bool:
    """Whether the person has words kept for any page."""
    return db.session.scalar(
        select(KeptForm.id).where(KeptForm.user_id == user_id,
                                  KeptForm.kept_at >= clock.now() - KEPT_FOR).limit(1)
    ) is not None


def take(user_id: int, page: str) -> list[tuple[str, str]] | None:
    """The person's kept fields for the page, removed (not committed); None when there are none."""
    kept = db.session.scalar(
        select(KeptForm).where(KeptForm.user_id == user_id, KeptForm.page == page,
                               KeptForm.kept_at >= clock.now() - KEPT_FOR)
    )
    if kept is None:
        return None
    about_to_write()
    fields = [(str(name), str(value)) for name, value in kept.fields]
    db.session.delete(kept)
    return fields

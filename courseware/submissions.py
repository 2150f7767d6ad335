"""One action, one record: each showing of a create form carries a one-time token, claimed in
the transaction that makes the record; the same token sent again gets the first's answer.

The token's row is inserted before the record is made, under a unique key. A repeat sent later
fails that key at once; one sent at the same moment waits on PostgreSQL until the first commits
(SQLite takes the write lock for the whole request), then fails it. Either way the repeat rolls
back, having made nothing, and is sent to the first one's result page with the first's message.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError, OperationalError
from wtforms import HiddenField
from wtforms.validators import ValidationError

from courseware import clock
from courseware.extensions import db
from courseware.models import FormSubmission

TOKEN = re.compile(r"[A-Za-z0-9_-]{32}")
KEEP = timedelta(days=1)  # a repeat comes within seconds; a day covers the Back button too
RESEND = ("This form was sent without the code that stops it being saved twice, so nothing was "
          "saved yet. Check what you entered, then press the button again.")


def new_token() -> str:
    """A random token for one showing of a form."""
    return secrets.token_urlsafe(24)


def is_token(value: object) -> bool:
    """Whether the value has the shape of a token this server makes."""
    return isinstance(value, str) and TOKEN.fullmatch(value) is not None


class SubmissionField(HiddenField):
    """A create form's one-time token: a new one each time the form is shown, checked on POST.

    A form sent without one (a page from before this field, or a hand-made request) is refused
    with its answers kept, so that it cannot make a record twice either.
    """

    def _value(self) -> str:
        return new_token()

    def pre_validate(self, form) -> None:
        if not is_token(self.data):
            raise ValidationError(RESEND)


@dataclass(frozen=True)
class Outcome:
    """What a submission made: the page to go to and what to tell the person there."""

    url: str
    message: str = ""
    category: str = "success"
    repeat: bool = False  # the record was made by an earlier sending of the same form


def once(token: str, user_id: int | None, make: Callable[[], Outcome | None]) -> Outcome | None:
    """Run make() and commit, once per token; a repeat gets the first's Outcome, making nothing.

    make() adds the record without committing and returns its Outcome, or None when it made
    nothing (a problem it has put on the form): then all is rolled back and the token is free.
    """
    for _ in range(2):  # the second turn only if the first's row was pruned in between
        claim = FormSubmission(token=token, user_id=user_id, created_at=clock.now())
        db.session.add(claim)
        try:
            db.session.flush()
        except IntegrityError:
            db.session.rollback()
            first = earlier(token, user_id)
            if first is not None:
                return first
            continue
        outcome = make()
        if outcome is None:
            db.session.rollback()
            return None
        claim.url, claim.message = outcome.url[:2000], outcome.message[:1000]
        claim.category = outcome.category[:16]
        db.session.commit()
        prune()
        return outcome
    raise RuntimeError("a form's token was claimed and forgotten twice over")


def earlier(token: str, user_id: int | None) -> Outcome | None:
    """The Outcome of the sending that claimed this token, if any; its message only for its
    sender."""
    row = db.session.scalar(select(FormSubmission).where(FormSubmission.token == token))
    if row is None:
        return None
    mine = row.user_id is None or row.user_id == user_id
    return Outcome(row.url, row.message if mine else "", row.category, repeat=True)


def prune() -> None:
    """Forget tokens older than a day: one indexed delete, in a short transaction of its own."""
    try:
        db.session.execute(
            delete(FormSubmission).where(FormSubmission.created_at < clock.now() - KEEP)
        )
        db.session.commit()
    except OperationalError:  # another request is forgetting the same rows: leave it to them
        db.session.rollback()

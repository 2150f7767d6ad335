"""What each kind of email says: one composer per kind turns a Notification's facts into an
Email, or None when there is nothing to say any more (the learner has finished, the assignment
was removed)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from courseware.models import Notification

Composer = Callable[[Notification], "Email | None"]
COMPOSERS: dict[str, Composer] = {}


@dataclass(frozen=True)
class Attachment:
    """A file sent with an email."""

    filename: str
    content_type: str  # "text/calendar"
    data: bytes


@dataclass(frozen=True)
class Email:
    """An email before it is addressed: its subject, the templates (templates/email/NAME.txt
    and NAME.html) and what they show."""

    subject: str
    template: str
    values: dict = field(default_factory=dict)
    attachments: tuple[Attachment, ...] = ()
    to: str | None = None  # another address than the account's (a new one to confirm)


def composer(kind: str) -> Callable[[Composer], Composer]:
    """Register the composer of one kind of email."""
    def register(function: Composer) -> Composer:
        COMPOSERS[kind] = function
        return function

    return register


def compose(notification: Notification) -> Email | None:
    """The email a notification should be, or None when there is nothing to say any more."""
    return COMPOSERS[notification.kind](notification)

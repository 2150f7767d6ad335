"""Asking to change an email address: the new address is sent a link to confirm (the link and
its checks are in domain/email_changes.py), the old one a notice."""

from flask import current_app

from courseware.domain import security_emails
from courseware.domain.accounts import find_user, normalise_email
from courseware.domain.email_changes import fingerprint
from courseware.models import User


def send_email_change(user: User, new_email: str) -> None:
    """Email the new address a link to confirm (or, if an account has it, a note saying so,
    naming nobody), and the old address a notice. The person asking sees the same either way.
    Sent once the caller commits."""
    new_email = normalise_email(new_email)
    owner = find_user(new_email)
    if owner is not None and owner.id != user.id:
        security_emails.send(owner.id, "email_in_use")
    else:
        security_emails.send(user.id, "email_confirm",
                             {"new_email": new_email, "fingerprint": fingerprint(user)},
                             lasts_seconds=current_app.config["EMAIL_CHANGE_MAX_AGE"])
    security_emails.send(user.id, "email_change_asked",
                         {"old_email": user.email, "new_email": new_email})

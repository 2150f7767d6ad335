"""A person's choice of emails, and the one-click unsubscribe link in every email."""

from flask import abort

from courseware.notifications import bp
from courseware.security import ANYONE, SIGNED_IN, role


@bp.route("/account/emails", methods=["GET", "POST"])
@role(SIGNED_IN)
def preferences():
    """Which emails this person gets."""
    abort(404)


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@role(ANYONE)
def unsubscribe(token: str):
    """Turn one kind of email off, signed in or not."""
    abort(404)

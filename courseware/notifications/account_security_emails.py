"""The emails about an account's safety, made when they are sent (domain/security_emails.py
decides them): a new account ready, someone trying an address that has one, a password
reset, a new address to confirm, a change of address. Their links are made here, afresh, so
the outbox keeps no secret; nobody can turn them off, so they carry no unsubscribe link."""

from __future__ import annotations

from flask import current_app

from courseware.domain.accounts import reset_token
from courseware.domain.email_changes import email_change_token, fingerprint, hours_valid
from courseware.extensions import db
from courseware.models import Notification, User
from courseware.notifications.composers import Email, composer
from courseware.public_url import public_url


def _sign_in_links() -> dict:
    return {"login": public_url("auth.login"), "reset": public_url("auth.forgot_password")}


@composer("account_ready")
def account_ready(notification: Notification) -> Email:
    """A new account is ready: how to sign in."""
    return Email("Your CPD Learning account is ready", "account_ready", _sign_in_links())


@composer("register_attempt")
def register_attempt(notification: Notification) -> Email:
    """Someone tried to register with this account's address: nothing changed."""
    return Email("Someone tried to create a CPD Learning account with your address",
                 "register_attempt", _sign_in_links())


@composer("password_reset")
def password_reset(notification: Notification) -> Email:
    """A link to choose a new password, made now; it stops working once the password
    changes."""
    user = db.session.get(User, notification.user_id)
    link = public_url("auth.reset_password", token=reset_token(user))
    hours = max(current_app.config["RESET_TOKEN_MAX_AGE"] // 3600, 1)
    return Email("Reset your CPD Learning password", "password_reset",
                 {"link": link, "hours": hours})


@composer("email_confirm")
def email_confirm(notification: Notification) -> Email | None:
    """A link to the new address to confirm it; nothing if, since it was asked for, the
    address, the password or the sign-ins changed (which stops a change)."""
    user = db.session.get(User, notification.user_id)
    new_email = notification.facts["new_email"]
    if notification.facts.get("fingerprint") != fingerprint(user):
        return None
    link = public_url("auth.confirm_email", token=email_change_token(user, new_email))
    return Email("Confirm your new email address for CPD Learning", "email_confirm",
                 {"link": link, "hours": hours_valid()}, to=new_email)


@composer("email_in_use")
def email_in_use(notification: Notification) -> Email:
    """Someone asked to move another account to this account's address: nothing changed."""
    return Email("Someone tried to use this email address on CPD Learning", "email_in_use",
                 {"sign_in": public_url("auth.login"),
                  "reset": public_url("auth.forgot_password")})


@composer("email_change_asked")
def email_change_asked(notification: Notification) -> Email:
    """To the address the account had when a change was asked for, even if it has changed
    since: what was asked, and how to stop it."""
    facts = notification.facts
    return Email("Someone asked to change your CPD Learning email address",
                 "email_change_asked",
                 {"new_email": facts["new_email"], "account": public_url("auth.account")},
                 to=facts["old_email"])


@composer("email_changed_by_admin")
def email_changed_by_admin(notification: Notification) -> Email:
    """To the old address and the new one: an administrator moved the account."""
    facts = notification.facts
    return Email("Your CPD Learning email address has changed", "email_changed_by_admin",
                 {"old_email": facts["old_email"], "new_email": facts["new_email"],
                  "sign_in": public_url("auth.login")},
                 to=facts["to"])

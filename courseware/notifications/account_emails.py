"""The welcome email to an account an admin made (one at a time or from a team's CSV file),
with a link to choose a first password that works once, for WELCOME_LINK_DAYS."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app

from courseware import clock
from courseware.domain.accounts import welcome_token
from courseware.extensions import db
from courseware.models import Notification, User
from courseware.notifications.composers import Email, composer
from courseware.notifications.messages import organisation
from courseware.public_url import public_url


@composer("welcome")
def welcome(notification: Notification) -> Email | None:
    """Who added them, what the site is for, and the link; nothing once they have a password
    (they chose one another way)."""
    user = db.session.get(User, notification.user_id)
    if not user.password_hash.startswith("!"):
        return None
    days = int(current_app.config["WELCOME_LINK_DAYS"])
    return Email(
        subject=f"Your {organisation()} account: choose your password",
        template="welcome",
        values={"team": notification.facts.get("team"), "days": days,
                "link": public_url("auth.welcome", token=welcome_token(user)),
                "expires_on": clock.now() + timedelta(days=days),
                "sign_in": public_url("auth.login"),
                "forgotten": public_url("auth.forgot_password")},
    )

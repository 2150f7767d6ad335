"""Turning an Email into the message handed to the mail server: plain text and HTML from the
templates in templates/email/, the organisation's name, and the one-click unsubscribe headers
of RFC 8058 on every email a person can turn off."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import formataddr, parseaddr

from flask import current_app, render_template

from courseware.domain.outbox import KINDS
from courseware.models import Notification, User
from courseware.notifications.composers import Email
from courseware.notifications.unsubscribe import unsubscribe_token
from courseware.public_url import public_url


def organisation() -> str:
    """The organisation's name, as emails sign off (ORGANISATION_NAME)."""
    return current_app.config["ORGANISATION_NAME"]


def message_id(notification: Notification) -> str:
    """The same Message-ID every time this notification is sent, so that a second copy (a
    worker killed just after the mail server accepted it) can be told for what it is."""
    sender = parseaddr(current_app.config["MAIL_DEFAULT_SENDER"])[1]
    domain = sender.rpartition("@")[2] or "localhost"
    return f"<notification-{notification.id}-{notification.kind}@{domain}>"


def build(notification: Notification, user: User, email: Email) -> EmailMessage:
    """The whole message: headers, text, HTML and attachments."""
    kind = KINDS[notification.kind]
    unsubscribe = (public_url("notifications.unsubscribe",
                              token=unsubscribe_token(user.id, kind.name))
                   if kind.can_turn_off else None)
    values = dict(email.values, user=user, organisation=organisation(), kind=kind,
                  unsubscribe=unsubscribe,
                  preferences=public_url("notifications.preferences"))
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_DEFAULT_SENDER"]
    message["To"] = email.to or formataddr((user.name, user.email))
    message["Subject"] = email.subject
    message["Message-ID"] = message_id(notification)
    if unsubscribe:
        message["List-Unsubscribe"] = f"<{unsubscribe}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(render_template(f"email/{email.template}.txt", **values))
    message.add_alternative(render_template(f"email/{email.template}.html", **values),
                            subtype="html")
    for attachment in email.attachments:
        maintype, _, subtype = attachment.content_type.partition("/")
        message.add_attachment(attachment.data, maintype=maintype, subtype=subtype,
                               filename=attachment.filename)
    return message

"""Sending email: over SMTP when MAIL_SERVER is set, else printed to the console."""

import smtplib
import sys
import threading
from email.message import EmailMessage

from flask import Flask, current_app


def build_message(app: Flask, to: str, subject: str, body: str) -> EmailMessage:
    """A plain-text email from the configured sender."""
    message = EmailMessage()
    message["From"] = app.config.get("MAIL_DEFAULT_SENDER", "CPD Learning <no-reply@localhost>")
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    return message


def deliver(app: Flask, message: EmailMessage) -> None:
    """Hand the message to the SMTP server, or print it when none is configured."""
    host = app.config.get("MAIL_SERVER")
    if not host:
        print(f"\n--- email (MAIL_SERVER not set, so printed here) ---\n{message}\n---",
              file=sys.stdout, flush=True)
        return
    port = int(app.config.get("MAIL_PORT", 25))
    with smtplib.SMTP(host, port, timeout=app.config.get("MAIL_TIMEOUT", 10)) as smtp:
        if app.config.get("MAIL_USE_TLS"):
            smtp.starttls()
        if app.config.get("MAIL_USERNAME"):
            smtp.login(app.config["MAIL_USERNAME"], app.config.get("MAIL_PASSWORD", ""))
        smtp.send_message(message)


def send_mail(to: str, subject: str, body: str) -> threading.Thread:
    """Send in the background, so that the page answers as fast whether or not mail is sent."""
    app = current_app._get_current_object()
    message = build_message(app, to, subject, body)

    def run():
        try:
            deliver(app, message)
        except (OSError, smtplib.SMTPException):
            app.logger.exception("Could not send email to %s", to)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread

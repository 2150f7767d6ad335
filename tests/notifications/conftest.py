"""Fixtures for emails: a real SMTP server (aiosmtpd) the app sends to, and the organisation of
the manager's tests (two teams, two modules, on fixed dates)."""

import email
from email.message import EmailMessage
from email.policy import default

import pytest
from sqlalchemy import delete

from courseware.extensions import db
from courseware.models import Notification
from tests.manage.conftest import TODAY, org  # noqa: F401 - the fixture, shared

__all__ = ["TODAY", "org", "parse", "team"]


@pytest.fixture
def team(org):  # noqa: F811 - the shared fixture, extended
    """The organisation, with the emails about its first assignments already sent and gone."""
    db.session.execute(delete(Notification))
    db.session.commit()
    return org


def parse(envelope) -> EmailMessage:
    """An email as the SMTP server received it."""
    return email.message_from_bytes(envelope.content, policy=default)

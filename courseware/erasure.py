"""Deleting an account: the person's personal data goes; anonymous counts of learning stay.

The account's row stays, anonymised and unable to sign in, so that the enrolments, completed
steps and quiz attempts that point at it keep counting (how many people took and completed each
module, how many attempts a quiz gets) without saying whose they were. What goes: the name and
email address, the password hash (and with it every emailed link, which is signed over it),
the CPD record with its files, reflections, words kept from forms, quiz answers, sign-ins
(the devices and times), team memberships and management, the emails sent and the choice of
them, the private calendar address, and the name on certificates, whose
codes still say which module was completed and when.
"""

import secrets

from sqlalchemy import delete, select, update

from courseware import clock
from courseware.extensions import db
from courseware.models import (
    Assignment,
    CalendarFeed,
    Certificate,
    CpdAttachment,
    CpdAttachmentData,
    CpdEntry,
    FormSubmission,
    KeptForm,
    KnownAddress,
    Notification,
    NotificationChoice,
    QuizAttempt,
    Reflection,
    SignIn,
    TeamManager,
    TeamMember,
    User,
)
from courseware.models.people import new_session_token

DELETED_NAME = "Deleted account"
DELETED_DOMAIN = "deleted.invalid"  # a reserved name: no mail is ever delivered there


def is_only_admin(user: User, lock: bool = False) -> bool:
    """Whether this person is an admin and no other account is; lock the admins' rows while
    deciding, so that two admins deleting at once cannot both go."""
    if user.role != "admin":
        return False
    statement = select(User.id).where(User.role == "admin", User.deleted_at.is_(None))
    if lock:
        statement = statement.with_for_update()
    return set(db.session.scalars(statement)) <= {user.id}


def delete_account(user: User) -> None:
    """Remove a person's personal data and anonymise their account, in one transaction."""
    uid = user.id
    attachments = select(CpdAttachment.id).where(CpdAttachment.user_id == uid)
    db.session.execute(delete(CpdAttachmentData).where(
        CpdAttachmentData.attachment_id.in_(attachments)))
    for model in (CpdAttachment, CpdEntry, FormSubmission, KeptForm, KnownAddress, Reflection,
                  SignIn, TeamMember, TeamManager, Assignment, Notification, NotificationChoice,
                  CalendarFeed):
        db.session.execute(delete(model).where(model.user_id == uid))
    db.session.execute(update(QuizAttempt).where(QuizAttempt.user_id == uid)
                       .values(answers={}, results=[]))
    db.session.execute(update(Certificate).where(Certificate.user_id == uid)
                       .values(learner_name=""))
    user.name = DELETED_NAME
    user.email = f"deleted-{uid}@{DELETED_DOMAIN}"
    user.password_hash = "!" + secrets.token_hex(16)  # no password matches it
    user.session_token = new_session_token()
    user.role = "learner"
    user.deleted_at = clock.now()
    db.session.commit()


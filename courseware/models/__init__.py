"""Database models, split by domain."""

from courseware.models.authoring import AuditEvent, Draft, DraftFile, VersionFile
from courseware.models.catalogue import MediaFile, Module, ModuleVersion, Step
from courseware.models.certificates import Certificate
from courseware.models.cpd import CpdAttachment, CpdAttachmentData, CpdEntry
from courseware.models.kept import KeptForm
from courseware.models.limits import KnownAddress, RateLimitCounter
from courseware.models.manage import Assignment, Team, TeamManager, TeamMember
from courseware.models.notifications import (
    CalendarFeed,
    Notification,
    NotificationChoice,
    SiteSetting,
)
from courseware.models.people import ROLES, User
from courseware.models.progress import Enrolment, QuizAttempt, Reflection, StepProgress
from courseware.models.sign_ins import SignIn
from courseware.models.submissions import FormSubmission

__all__ = [
    "ROLES",
    "Assignment",
    "AuditEvent",
    "CalendarFeed",
    "Certificate",
    "CpdAttachment",
    "CpdAttachmentData",
    "CpdEntry",
    "Draft",
    "DraftFile",
    "Enrolment",
    "KeptForm",
    "KnownAddress",
    "FormSubmission",
    "MediaFile",
    "Notification",
    "NotificationChoice",
    "Module",
    "ModuleVersion",
    "QuizAttempt",
    "RateLimitCounter",
    "Reflection",
    "SignIn",
    "SiteSetting",
    "Step",
    "StepProgress",
    "Team",
    "TeamManager",
    "TeamMember",
    "User",
    "VersionFile",
]

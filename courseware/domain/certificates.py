"""Issuing certificates on completion, exactly once, and telling their status."""

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from courseware import clock
from courseware.database import about_to_write
from courseware.domain.certificate_codes import new_code
from courseware.domain.reminders import record_certificate_issued
from courseware.extensions import db
from courseware.models import Certificate, Enrolment, ModuleVersion
from courseware.models.upsert import insert_ignore

VALID, EXPIRED, REVOKED = "valid", "expired", "revoked"
STATUS_LABELS = {VALID: "Valid", EXPIRED: "Expired", REVOKED: "Revoked"}
# The holder, since issue: the same name, another name, or no account (nor name) any more.
UNCHANGED, NAME_CHANGED, DELETED = "unchanged", "name-changed", "deleted"


def certificate_settings(version: ModuleVersion) -> dict:
    """The package's certificate settings: enabled, and valid_for_days (or None)."""
    return version.data.get("certificate") or {"enabled": False}


def status(certificate: Certificate, now: datetime | None = None) -> str:
    """'revoked', 'expired' or 'valid'."""
    if certificate.revoked_at is not None:
        return REVOKED
    if certificate.expires_at is not None and certificate.expires_at <= (now or clock.now()):
        return EXPIRED
    return VALID


def holder_status(certificate: Certificate) -> str:
    """Whether the holder still has the name the certificate was issued to ('unchanged'), has
    changed it since ('name-changed'), or has deleted their account ('deleted')."""
    holder = certificate.user
    if holder.deleted_at is not None:
        return DELETED
    return UNCHANGED if holder.name == certificate.learner_name else NAME_CHANGED


def issue_certificate(enrolment: Enrolment) -> Certificate | None:
    """Issue the certificate for a completed enrolment, once; None if the module gives none.

    Racing callers insert at most one row: the unique constraint on learner, module version
    and renewal makes every insert after the first do nothing, and all return that first row.
    """
    version = enrolment.module_version
    settings = certificate_settings(version)
    if enrolment.completed_at is None or not settings.get("enabled"):
        return None
    days = settings.get("valid_for_days")
    about_to_write()  # also reached from a GET, for a completion from before certificates
    issued = insert_ignore(
        Certificate,
        ["user_id", "module_version_id", "renewal"],
        code=new_code(),
        user_id=enrolment.user_id,
        enrolment_id=enrolment.id,
        module_id=enrolment.module_id,
        module_version_id=version.id,
        renewal=enrolment.renewal,
        learner_name=enrolment.user.name,
        module_slug=version.module.slug,
        module_title=version.title,
        module_version_label=version.version,
        content_hash=version.content_hash,
        completed_at=enrolment.completed_at,
        issued_at=clock.now(),
        expires_at=enrolment.completed_at + timedelta(days=days) if days else None,
        cpd_minutes=version.duration_minutes,
        best_scores=enrolment.best_scores or {},
        outcomes=list(version.outcomes),
    )
    certificate = certificate_for_enrolment(enrolment)
    if issued:  # told once, in the transaction that issues it
        record_certificate_issued(certificate)
    return certificate


def certificate_for_enrolment(enrolment: Enrolment) -> Certificate | None:
    """The certificate issued for this enrolment, if any."""
    return db.session.scalar(
        select(Certificate).where(
            Certificate.user_id == enrolment.user_id,
            Certificate.module_version_id == enrolment.module_version_id,
            Certificate.renewal == enrolment.renewal,
        )
    )


def on_module_completed(sender, enrolment: Enrolment, **extra) -> None:
    """Receiver for learn's module_completed signal: issue inside the completing transaction."""
    issue_certificate(enrolment)


def by_code(code: str) -> Certificate | None:
    """The certificate with this canonical code, and its holder's account."""
    return db.session.scalar(select(Certificate).options(joinedload(Certificate.user))
                             .where(Certificate.code == code))


def learner_certificates(user_id: int) -> list[Certificate]:
    """A learner's certificates, newest first."""
    return list(
        db.session.scalars(
            select(Certificate)
            .where(Certificate.user_id == user_id)
            .order_by(Certificate.issued_at.desc(), Certificate.id.desc())
        )
    )

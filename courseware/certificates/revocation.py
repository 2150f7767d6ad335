"""Who may revoke a certificate, revoking it, and which certificates are revoked."""

from datetime import datetime

from sqlalchemy import select

from courseware import clock
from courseware.extensions import db
from courseware.models import Certificate, User


def can_revoke(user: User, certificate: Certificate) -> bool:
    """Admins may revoke any certificate; managers those of the learners in their teams."""
    if not user.is_authenticated:
        return False
    if user.role == "admin":
        return True
    if not user.has_role("manager"):
        return False
    from courseware.domain.access import learner_in_scope

    return learner_in_scope(user, certificate.user_id) is not None


def revoke(certificate: Certificate, by: User, reason: str) -> bool:
    """Revoke a certificate with a reason; False if it was already revoked."""
    if certificate.revoked_at is not None:
        return False
    certificate.revoked_at = clock.now()
    certificate.revoked_reason = reason.strip()
    certificate.revoked_by_id = by.id
    return True


def revoked_certificates() -> tuple[list[int], datetime | None]:
    """The ids of every revoked certificate, and when the latest was revoked (None if none)."""
    rows = db.session.execute(
        select(Certificate.id, Certificate.revoked_at).where(Certificate.revoked_at.is_not(None))
    ).all()
    return [row.id for row in rows], max((row.revoked_at for row in rows), default=None)

"""Who may revoke a certificate, and revoking it."""

from courseware.models import Certificate, User
from courseware.models.base import utcnow


def can_revoke(user: User, certificate: Certificate) -> bool:
    """Admins may revoke any certificate.

    Managers will be able to revoke their team members' certificates once teams exist: extend
    this function then (the revoke routes already admit managers and ask it).
    """
    return user.is_authenticated and user.role == "admin"


def revoke(certificate: Certificate, by: User, reason: str) -> bool:
    """Revoke a certificate with a reason; False if it was already revoked."""
    if certificate.revoked_at is not None:
        return False
    certificate.revoked_at = utcnow()
    certificate.revoked_reason = reason.strip()
    certificate.revoked_by_id = by.id
    return True

"""Who may revoke a certificate, and revoking it."""

from courseware import clock
from courseware.models import Certificate, User


def can_revoke(user: User, certificate: Certificate) -> bool:
    """Admins may revoke any certificate; managers those of the learners in their teams."""
    if not user.is_authenticated:
        return False
    if user.role == "admin":
        return True
    if not user.has_role("manager"):
        return False
    from courseware.manage.scope import learner_in_scope

    return learner_in_scope(user, certificate.user_id) is not None


def revoke(certificate: Certificate, by: User, reason: str) -> bool:
    """Revoke a certificate with a reason; False if it was already revoked."""
    if certificate.revoked_at is not None:
        return False
    certificate.revoked_at = clock.now()
    certificate.revoked_reason = reason.strip()
    certificate.revoked_by_id = by.id
    return True

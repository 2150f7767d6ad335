"""A learner's certificates, as their manager sees them (issue 3's certificates)."""

from dataclasses import dataclass
from datetime import datetime

from courseware.domain.certificates import REVOKED, STATUS_LABELS, status
from courseware.domain.certificates import learner_certificates as certificates_of
from courseware.models import Certificate


@dataclass(frozen=True)
class CertificateLine:
    """A certificate with its status in words."""

    certificate: Certificate
    status: str
    label: str

    @property
    def revocable(self) -> bool:
        return self.status != REVOKED


def learner_certificates(learner_id: int, now: datetime | None = None) -> list[CertificateLine]:
    """The learner's certificates, newest first, with their status at `now` (one query).
    Whoever may see the learner may revoke these: courseware.certificates.revocation.can_revoke
    asks the same teams."""
    lines = []
    for cert in certificates_of(learner_id):
        state = status(cert, now)
        lines.append(CertificateLine(cert, state, STATUS_LABELS[state]))
    return lines

"""An Open Badges 3.0 OpenBadgeCredential (W3C VC data model 2.0) for a certificate, as data."""

from dataclasses import dataclass
from datetime import UTC, datetime

from courseware.certificates.status_list import status_entry

CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]


@dataclass
class Links:
    """The public addresses a credential refers to."""

    verify: str  # the certificate's verification page: also the credential's id
    issuer: str  # the site itself: the issuer's id and the JWT iss
    achievement: str  # the module's page for this version
    status_list: str | None = None  # the list that says whether it is revoked


def long_date(moment: datetime) -> str:
    """28 November 2026."""
    return f"{moment.day} {moment:%B %Y}"


def iso(moment: datetime) -> str:
    """A UTC date-time in the XML Schema form the data model uses, to the second."""
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def criteria_narrative(cert, pass_mark: int | None) -> str:
    """What a learner did to earn the certificate, with the module's outcomes, as Markdown."""
    lines = [
        "Complete every step of the module: read each lesson, pass each quiz"
        + (f" (pass mark {pass_mark}%)" if pass_mark is not None else "")
        + " and write each reflection.",
        "",
        f"This module is {cert.cpd_minutes} minutes of continuing professional development (CPD).",
    ]
    if cert.outcomes:
        lines += ["", "Learning outcomes:", ""] + [f"- {outcome}" for outcome in cert.outcomes]
    return "\n".join(lines)


def build_credential(
    cert, description: str, links: Links, issuer_name: str, pass_mark: int | None = None,
    language: str = "en-GB",
) -> dict:
    """The OpenBadgeCredential for a certificate: recipient by name, achievement by module."""
    hours = round(cert.cpd_minutes / 60, 2)
    credential = {
        "@context": CONTEXT,
        "id": links.verify,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": f"{cert.module_title}: certificate of completion",
        "issuer": {"id": links.issuer, "type": ["Profile"], "name": issuer_name,
                   "url": links.issuer},
        "validFrom": iso(cert.issued_at),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [{
                "type": "IdentityObject",
                "identityHash": cert.learner_name,
                "identityType": "name",
                "hashed": False,
            }],
            "activityEndDate": iso(cert.completed_at),
            "creditsEarned": hours,
            "achievement": {
                "id": links.achievement,
                "type": ["Achievement"],
                "achievementType": "Course",
                "name": cert.module_title,
                "description": description,
                "criteria": {"narrative": criteria_narrative(cert, pass_mark)},
                "creditsAvailable": hours,
                "humanCode": cert.module_slug,
                "version": cert.module_version_label,
                "inLanguage": language,
                "tag": ["CPD", f"{cert.cpd_minutes} minutes"],
            },
        },
    }
    if cert.expires_at is not None:
        credential["validUntil"] = iso(cert.expires_at)
    if links.status_list is not None:  # bit cert.id of the list: 1 once revoked
        credential["credentialStatus"] = status_entry(links.status_list, cert.id)
    return credential


def jwt_claims(credential: dict, cert) -> dict:
    """The credential as a VC-JWT payload: the credential itself plus the registered claims."""
    claims = dict(credential)
    claims["iss"] = credential["issuer"]["id"]
    claims["jti"] = credential["id"]
    claims["nbf"] = claims["iat"] = int(cert.issued_at.timestamp())
    if cert.expires_at is not None:
        claims["exp"] = int(cert.expires_at.timestamp())
    return claims

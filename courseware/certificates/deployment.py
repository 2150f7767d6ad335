"""What the pure certificate functions need from this deployment: its key, fonts and addresses."""

from datetime import datetime
from pathlib import Path

from flask import current_app

from courseware import clock
from courseware.certificates import credential, signing, status_list
from courseware.certificates.revocation import revoked_certificates
from courseware.models import Certificate
from courseware.public_url import public_url

DEFAULT_ISSUER_NAME = "CPD Learning"


def signing_key():
    """The deployment's Ed25519 key: CERTIFICATE_SIGNING_KEY (PEM), else made in instance/."""
    cache = current_app.extensions.setdefault("certificates", {})
    if "key" not in cache:
        configured = current_app.config.get("CERTIFICATE_SIGNING_KEY")
        cache["key"] = (
            signing.load_private_key(configured)
            if configured
            else signing.instance_key(Path(current_app.instance_path))
        )
    return cache["key"]


def published_jwks() -> dict:
    """The JWKS document this deployment publishes."""
    return signing.jwks(signing_key())


def issuer_name() -> str:
    return current_app.config.get("CERTIFICATE_ISSUER_NAME") or DEFAULT_ISSUER_NAME


def verify_url(code: str) -> str:
    """The public verification page for a code, on the site's public address."""
    return public_url("certificates.verify", code=code)


def issuer_url() -> str:
    """The issuer's id: the site itself, on its public address."""
    return public_url("catalogue.index")


def status_list_url() -> str:
    """The public revocation list every credential points at."""
    return public_url("certificates.status_list")


def links(cert: Certificate) -> credential.Links:
    return credential.Links(
        verify=verify_url(cert.code),
        issuer=issuer_url(),
        achievement=public_url("catalogue.module", slug=cert.module_slug)
        + f"?version={cert.module_version_label}",
        status_list=status_list_url(),
    )


def credential_for(cert: Certificate) -> dict:
    """The OpenBadgeCredential for a certificate."""
    version = cert.module_version
    return credential.build_credential(
        cert,
        description=version.summary,
        links=links(cert),
        issuer_name=issuer_name(),
        pass_mark=version.data.get("pass_mark"),
        language=version.language,
    )


def signed_credential(cert: Certificate) -> str:
    """The certificate as a signed VC-JWT."""
    return signing.sign(credential.jwt_claims(credential_for(cert), cert), signing_key())


def revocation_list() -> tuple[str, datetime | None]:
    """The encoded list of revoked certificates as it stands now, and when it last changed."""
    revoked, latest = revoked_certificates()
    return status_list.encode(revoked), latest


def status_list_credential() -> dict:
    """The revocation list as a credential, from the database."""
    encoded, latest = revocation_list()
    return status_list.list_credential(
        status_list_url(), issuer_url(), encoded,
        valid_from=credential.iso(latest) if latest else None,
    )


def signed_status_list() -> str:
    """The revocation list as a VC-JWT signed with the deployment's key."""
    document = status_list_credential()
    claims = dict(document, iss=document["issuer"], jti=document["id"])
    if "validFrom" in document:
        claims["nbf"] = claims["iat"] = int(
            datetime.fromisoformat(document["validFrom"]).timestamp())
    return signing.sign(claims, signing_key())


def certificate_pdf(cert: Certificate) -> bytes:
    """The certificate as a PDF."""
    from courseware.certificates import pdf  # fpdf2 and its fonts load only when needed

    check = public_url("certificates.check")
    text = pdf.CertificateText(
        learner_name=cert.learner_name,
        module_title=cert.module_title,
        module_version=cert.module_version_label,
        completed_on=clock.local(cert.completed_at),  # the day where learners are
        expires_on=cert.expires_at and clock.local(cert.expires_at),
        cpd_minutes=cert.cpd_minutes,
        outcomes=cert.outcomes,
        code=cert.code,
        verify_url=verify_url(cert.code),
        check_url=check.split("://", 1)[-1],
        issuer_name=issuer_name(),
    )
    fonts = pdf.Fonts.from_config(current_app.config.get("CERTIFICATE_FONTS"))
    return pdf.render_pdf_once(text, fonts)

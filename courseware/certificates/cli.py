"""flask certificates ...: check a downloaded credential, print the published keys."""

import json
import sys
from pathlib import Path

import click
from flask.cli import AppGroup

from courseware import clock
from courseware.certificates import deployment, signing, status_list
from courseware.domain.certificate_codes import InvalidCode, parse_code
from courseware.domain.certificates import REVOKED, by_code, status

certificates_cli = AppGroup("certificates", help="Check signed credentials; show the public keys.")

EXIT = {"valid": 0, "invalid": 1, "expired": 3, "revoked": 4}


def describe(claims: dict) -> str:
    """Who, what and when, from a credential's claims."""
    subject = claims.get("credentialSubject", {})
    names = [i.get("identityHash") for i in subject.get("identifier", [])
             if i.get("identityType") == "name"]
    achievement = subject.get("achievement", {})
    return (f"{names[0] if names else 'someone'}: {achievement.get('name', 'a module')} "
            f"version {achievement.get('version', '?')}")


def code_from(claims: dict) -> str | None:
    """The certificate code from a credential's id (its verification URL)."""
    url = str(claims.get("jti") or claims.get("id", ""))
    try:
        return parse_code(url.rstrip("/").rsplit("/", 1)[-1])
    except InvalidCode:
        return None


def listed_as_revoked(claims: dict) -> bool:
    """Whether this deployment's revocation list, as it stands now, marks the credential."""
    entry = status_list.revocation_entry(claims)
    if entry is None:
        return False  # issued before credentials carried a status
    list_url, index = entry
    if list_url != deployment.status_list_url():
        return False  # another list: not this server's to answer for
    bits = status_list.decode(deployment.revocation_list()[0])
    return index < len(bits) * 8 and status_list.is_set(bits, index)


@certificates_cli.command("verify")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--jwks", "jwks_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Check against this JWKS document instead of this deployment's own key.")
def verify_command(file: Path, jwks_file: Path | None):
    """Check a downloaded credential (.jwt): its signature, issuer, expiry and revocation.

    Exit status: 0 valid, 1 invalid (tampered, or not signed by us), 3 expired, 4 revoked.
    """
    keyset = json.loads(jwks_file.read_text()) if jwks_file else deployment.published_jwks()
    try:
        token = file.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        token = ""
    result = signing.check(token, keyset, issuer=deployment.issuer_url())
    if result.status == "invalid":
        click.echo(f"invalid: {result.reason}. Do not trust this credential.")
        sys.exit(EXIT["invalid"])
    claims = result.claims
    state, detail = result.status, ""
    code = code_from(claims)
    cert = by_code(code) if code else None
    on_list = listed_as_revoked(claims)
    if cert is not None and status(cert) == REVOKED:
        state, detail = REVOKED, f"; revoked on {clock.day_text(cert.revoked_at)}"
    elif cert is None:
        detail = "; not found in this server's records"
    if on_list:
        state, detail = REVOKED, f"{detail}; the revocation list of this server says so"
    when = claims.get("validUntil", "no expiry")
    click.echo(f"{state}: {describe(claims)}, code {code or '?'}, issued "
               f"{claims.get('validFrom', '?')}, valid until {when}{detail}")
    sys.exit(EXIT[state])


@certificates_cli.command("jwks")
def jwks_command():
    """Print the JWKS document with this deployment's public key."""
    click.echo(json.dumps(deployment.published_jwks(), indent=2))

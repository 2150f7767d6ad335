"""The deployment's Ed25519 signing key, its JWKS, and signing and checking VC-JWTs.

Plain functions over keys and dicts: no Flask. The key is made once per deployment in the
instance folder (or given by configuration) and never leaves the server; its public half is
published as a JWKS document so anyone can check a credential offline.
"""

import base64
import hashlib
import json
import os
import secrets
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from courseware import clock

KEY_FILE = "certificate_signing_key.pem"
ALGORITHM = "EdDSA"
# VC-JOSE-COSE media types: the payload is the credential itself, with JWT claims beside it.
HEADER_TYPE = "vc+jwt"
CONTENT_TYPE = "vc"


def load_private_key(pem: bytes | str) -> Ed25519PrivateKey:
    """Read an Ed25519 private key from PEM (PKCS#8); ValueError for anything else."""
    data = pem.encode() if isinstance(pem, str) else pem
    key = serialization.load_pem_private_key(data, password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError("the certificate signing key must be an Ed25519 private key")
    return key


def private_pem(key: Ed25519PrivateKey) -> bytes:
    """The private key as unencrypted PKCS#8 PEM."""
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def instance_key(instance: Path) -> Ed25519PrivateKey:
    """The deployment's key from the instance folder, made once even when workers race.

    The new key is written in full to a private temporary file, then linked into place: a link
    either appears complete or fails because another process's key is already there, so no
    process ever reads a half-written key, and every process ends up with the same one.
    """
    path = instance / KEY_FILE
    try:
        return load_private_key(path.read_bytes())
    except FileNotFoundError:
        pass
    instance.mkdir(parents=True, exist_ok=True)
    temporary = instance / f".{KEY_FILE}.{secrets.token_hex(8)}"
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(private_pem(Ed25519PrivateKey.generate()))
            f.flush()
            os.fsync(f.fileno())
        try:
            os.link(temporary, path)
        except FileExistsError:  # another process won the race: use its key
            pass
    finally:
        temporary.unlink(missing_ok=True)
    return load_private_key(path.read_bytes())


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def public_jwk(key: Ed25519PublicKey | Ed25519PrivateKey) -> dict:
    """The public key as a JWK, its kid the RFC 7638 thumbprint."""
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    members = {"crv": "Ed25519", "kty": "OKP", "x": _b64(raw)}
    canonical = json.dumps(members, separators=(",", ":"), sort_keys=True).encode()
    kid = _b64(hashlib.sha256(canonical).digest())
    return members | {"kid": kid, "use": "sig", "alg": ALGORITHM}


def jwks(*keys: Ed25519PublicKey | Ed25519PrivateKey) -> dict:
    """A JWKS document with the public half of each key."""
    return {"keys": [public_jwk(key) for key in keys]}


def sign(claims: dict, key: Ed25519PrivateKey) -> str:
    """Sign claims as a compact VC-JWT with EdDSA, naming the key by its thumbprint."""
    headers = {"typ": HEADER_TYPE, "cty": CONTENT_TYPE, "kid": public_jwk(key)["kid"]}
    return jwt.encode(claims, key, algorithm=ALGORITHM, headers=headers)


@dataclass
class Checked:
    """What checking a credential found: 'valid', 'expired' or 'invalid', and why."""

    status: str
    claims: dict | None = None
    reason: str = ""


def check(token: str, keyset: dict, now: datetime | None = None,
          issuer: str | None = None) -> Checked:
    """Check a VC-JWT's signature against a JWKS document, then its issuer (when given), then
    its dates."""
    token = token.strip()
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError as error:
        return Checked("invalid", reason=f"not a signed credential ({error})")
    if header.get("alg") != ALGORITHM:
        return Checked("invalid", reason=f"unexpected signature algorithm {header.get('alg')!r}")
    candidates = [k for k in keyset.get("keys", []) if k.get("kid") == header.get("kid")]
    if not candidates:
        return Checked("invalid", reason="signed with a key this server does not publish")
    try:
        public = jwt.PyJWK.from_dict(candidates[0], algorithm=ALGORITHM).key
        claims = jwt.decode(
            token, public, algorithms=[ALGORITHM],
            options={"verify_exp": False, "verify_nbf": False, "verify_aud": False},
        )
    except jwt.PyJWTError as error:
        return Checked("invalid", reason=f"the signature does not match ({error})")
    if issuer is not None and claims.get("iss") != issuer:
        return Checked("invalid", claims, f"it names another issuer ({claims.get('iss')!r}), not "
                                          f"this server's public address ({issuer})")
    moment = (now or clock.now()).timestamp()
    if "exp" in claims and claims["exp"] <= moment:
        return Checked("expired", claims, "the credential's expiry date has passed")
    if "nbf" in claims and claims["nbf"] > moment + 300:
        return Checked("invalid", claims, "the credential is dated in the future")
    return Checked("valid", claims)

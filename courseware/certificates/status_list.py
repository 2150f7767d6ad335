"""A W3C Bitstring Status List of revoked credentials, as data (no Flask, no database).

Each credential names one bit of the deployment's one list (its index is the certificate's id);
the bit is 1 once the certificate is revoked. The list says nothing else: anyone may fetch it,
but it gives no codes, names or reasons, and a verifier learns only the bit it looks at.
See https://www.w3.org/TR/vc-bitstring-status-list/.
"""

import base64
import binascii
import gzip
import zlib
from collections.abc import Iterable

ENTRY_TYPE = "BitstringStatusListEntry"
LIST_TYPE = "BitstringStatusListCredential"
SUBJECT_TYPE = "BitstringStatusList"
PURPOSE = "revocation"
# The spec's smallest list (16 KB before compression), so no one can tell how many we issued.
MINIMUM_ENTRIES = 131_072


def status_entry(list_url: str, index: int) -> dict:
    """The credentialStatus of a credential whose revocation is bit `index` of the list."""
    return {
        "id": f"{list_url}#{index}",
        "type": ENTRY_TYPE,
        "statusPurpose": PURPOSE,
        "statusListIndex": str(index),
        "statusListCredential": list_url,
    }


def encode(revoked: Iterable[int]) -> str:
    """The encodedList with these bits set: gzip, then multibase base64url ('u', no padding).

    Bit 0 is the first (most significant) bit of the first byte. The list has room for the
    largest index, in whole blocks of the minimum size.
    """
    indexes = sorted(set(revoked))
    blocks = (indexes[-1] // MINIMUM_ENTRIES + 1) if indexes else 1
    bits = bytearray(blocks * MINIMUM_ENTRIES // 8)
    for index in indexes:
        bits[index // 8] |= 0x80 >> (index % 8)
    packed = gzip.compress(bytes(bits), mtime=0)  # the same list gives the same bytes
    return "u" + base64.urlsafe_b64encode(packed).rstrip(b"=").decode()


def decode(encoded: str) -> bytes:
    """The bits of an encodedList; ValueError if it is not one."""
    if not encoded.startswith("u"):
        raise ValueError("the encoded list is not multibase base64url")
    data = encoded[1:]
    try:
        packed = base64.urlsafe_b64decode(data + "=" * (-len(data) % 4))
        bits = gzip.decompress(packed)
    except (binascii.Error, OSError, EOFError, zlib.error) as error:
        raise ValueError(f"the encoded list cannot be read ({error})") from error
    if len(bits) * 8 < MINIMUM_ENTRIES:
        raise ValueError("the list is shorter than the smallest a status list may be")
    return bits


def is_set(bits: bytes, index: int) -> bool:
    """Whether bit `index` is 1; IndexError outside the list."""
    if not 0 <= index < len(bits) * 8:
        raise IndexError(f"index {index} is outside the status list")
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def list_credential(list_url: str, issuer: str, encoded: str,
                    valid_from: str | None = None) -> dict:
    """The BitstringStatusListCredential for an encoded list, as a credential to sign."""
    credential = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": list_url,
        "type": ["VerifiableCredential", LIST_TYPE],
        "issuer": issuer,
        "credentialSubject": {
            "id": f"{list_url}#list",
            "type": SUBJECT_TYPE,
            "statusPurpose": PURPOSE,
            "encodedList": encoded,
        },
    }
    if valid_from is not None:
        credential["validFrom"] = valid_from
    return credential


def revocation_entry(credential: dict) -> tuple[str, int] | None:
    """The list and index a credential's revocation entry names, or None if it has none."""
    entries = credential.get("credentialStatus") or []
    for entry in entries if isinstance(entries, list) else [entries]:
        if (isinstance(entry, dict) and entry.get("type") == ENTRY_TYPE
                and entry.get("statusPurpose") == PURPOSE):
            index = str(entry.get("statusListIndex", ""))
            if index.isascii() and index.isdigit():
                return str(entry.get("statusListCredential", "")), int(index)
    return None

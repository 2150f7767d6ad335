"""Small text helpers: slugs and the comparison form of typed answers."""

from __future__ import annotations

import re
import unicodedata

SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")


def is_slug(value: str) -> bool:
    """True for a lowercase slug of a-z, 0-9 and inner hyphens, at most 64 characters."""
    return bool(SLUG.match(value))


def slugify(text: str) -> str:
    """A slug made from any text ('Check your understanding!' -> 'check-your-understanding')."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:64].rstrip("-")


def normalise_text_answer(s: str) -> str:
    """Trim, casefold, collapse inner whitespace to one space: used to compare text answers."""
    return " ".join(unicodedata.normalize("NFC", s).split()).casefold()

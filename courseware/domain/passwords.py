"""Password rules: long enough, not common, nothing else. Hashing that upgrades itself."""

import re
from functools import cache
from pathlib import Path

from werkzeug.security import check_password_hash, generate_password_hash

MIN_LENGTH = 12
MAX_LENGTH = 200
DEFAULT_METHOD = "scrypt:32768:8:1"
COMMON_FILE = Path(__file__).with_name("common_passwords.txt")
SEQUENCES = ("0123456789", "abcdefghijklmnopqrstuvwxyz", "qwertyuiopasdfghjklzxcvbnm")

TOO_SHORT = (f"Your password needs at least {MIN_LENGTH} characters. A few everyday words strung "
             "together make a strong password that is easy to remember.")
TOO_LONG = f"Your password can have at most {MAX_LENGTH} characters."
TOO_COMMON = ("That password is too common: it is one of the first that people who break into "
              "accounts try. Choose another, for example three or four everyday words.")
TOO_SIMPLE = ("That password is a simple pattern, which is easy to guess. Choose another, for "
              "example three or four everyday words.")
HAS_EMAIL = "Your password must not contain your email address. Choose another."


@cache
def common_passwords() -> frozenset[str]:
    """The shipped list of common passwords, lower-cased."""
    lines = COMMON_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.lower() for line in lines if line and not line.startswith("#"))


def _is_pattern(text: str) -> bool:
    if len(set(text)) <= 2:
        return True
    return any(text in seq * 3 or text in seq[::-1] * 3 for seq in SEQUENCES)


def password_problem(password: str, email: str = "") -> str | None:
    """What is wrong with a new password, in plain English; None when it is fine."""
    if len(password) < MIN_LENGTH:
        return TOO_SHORT
    if len(password) > MAX_LENGTH:
        return TOO_LONG
    squashed = re.sub(r"\s+", "", password.lower())
    base = squashed.rstrip("0123456789!@#$%^&*.?-_+=~")
    common = common_passwords()
    if squashed in common or (len(base) >= 6 and base in common) or _halves_common(squashed):
        return TOO_COMMON
    if _is_pattern(squashed):
        return TOO_SIMPLE
    local = email.split("@")[0].lower()
    if len(local) >= 4 and local in squashed:
        return HAS_EMAIL
    return None


def _halves_common(text: str) -> bool:
    """A common password typed twice, like passwordpassword."""
    half = len(text) // 2
    return len(text) % 2 == 0 and text[:half] == text[half:] and text[:half] in common_passwords()


def hash_password(password: str, method: str = DEFAULT_METHOD) -> str:
    """Hash a password with the configured method (scrypt by default)."""
    return generate_password_hash(password, method=method)


def check_password(stored_hash: str, password: str) -> bool:
    """Whether the password matches the stored hash."""
    return check_password_hash(stored_hash, password)


def needs_rehash(stored_hash: str, method: str = DEFAULT_METHOD) -> bool:
    """Whether the stored hash was made with other parameters than the configured ones."""
    return not stored_hash.startswith(method + "$")

"""Verification codes: unguessable, easy to read aloud and type, with a check against typos.

A code is 16 random symbols (80 bits from the operating system's CSPRNG) from Crockford's
base 32 alphabet, which has no I, L, O or U, then two check symbols, grouped in fours:
``7KQ2-M9XD-4RTB-0HZC-1G``. The check is the 80-bit number modulo the prime 1021, written as two
symbols of the same alphabet. As 1021 is prime and larger than anything one slip can change,
every single mistyped symbol and every swap of two neighbouring symbols is caught before lookup.
"""

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
DATA_SYMBOLS = 16
CHECK_SYMBOLS = 2
LENGTH = DATA_SYMBOLS + CHECK_SYMBOLS
ENTROPY_BITS = DATA_SYMBOLS * 5
CHECK_PRIME = 1021
GROUP = 4
# Letters people type for the symbols they mean: O is zero; I and L are one.
READS_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})
SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212.·_/]+")
VALUE = {symbol: index for index, symbol in enumerate(ALPHABET)}


class InvalidCode(ValueError):
    """A code that cannot be right; the message says what to check, in plain words."""


def new_code() -> str:
    """A fresh code from the CSPRNG, grouped for reading."""
    number = secrets.randbits(ENTROPY_BITS)
    return format_code(_symbols(number, DATA_SYMBOLS) + check_symbols(number))


def check_symbols(number: int) -> str:
    """The two check symbols for the data part of a code, given as a number."""
    return _symbols(number % CHECK_PRIME, CHECK_SYMBOLS)


def normalise(text: str) -> str:
    """Upper-case, drop spaces and dashes, and read O as 0 and I or L as 1."""
    return SEPARATORS.sub("", text.strip().upper()).translate(READS_AS)


def parse_code(text: str) -> str:
    """The canonical, grouped form of a typed code; InvalidCode if it cannot be right."""
    raw = normalise(text)
    if not raw:
        raise InvalidCode("Enter the code from the certificate.")
    wrong = sorted({c for c in raw if c not in VALUE})
    if wrong:
        shown = " ".join(wrong)
        raise InvalidCode(
            f"The code has characters that are never used in codes ({shown}). It uses only "
            "the numbers 0 to 9 and letters. Check it against the certificate."
        )
    if len(raw) != LENGTH:
        raise InvalidCode(
            f"The code should have {LENGTH} letters and numbers; this has {len(raw)}. "
            "Check it against the certificate."
        )
    number = _number(raw[:DATA_SYMBOLS])
    if check_symbols(number) != raw[DATA_SYMBOLS:]:
        raise InvalidCode(
            "This code has a typing mistake: one of the letters or numbers is not right. "
            "Check each one against the certificate."
        )
    return format_code(raw)


def is_valid(text: str) -> bool:
    """True when the text is a well-formed code with a correct check."""
    try:
        parse_code(text)
    except InvalidCode:
        return False
    return True


def format_code(raw: str) -> str:
    """Group a code's symbols in fours with dashes."""
    return "-".join(raw[i : i + GROUP] for i in range(0, len(raw), GROUP))


def _symbols(number: int, count: int) -> str:
    out = []
    for _ in range(count):
        number, digit = divmod(number, 32)
        out.append(ALPHABET[digit])
    return "".join(reversed(out))


def _number(symbols: str) -> int:
    number = 0
    for symbol in symbols:
        number = number * 32 + VALUE[symbol]
    return number

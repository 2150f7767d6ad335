"""Time spent, read the way people write it: 2.5, 2:30, 2 h 30, 90 min, 1 hour 30 minutes.

A plain function: text in, minutes or a problem code out. Words for people are made from the
codes by the form.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

MAX_MINUTES = 500 * 60
NOT_A_TIME = "not-a-time"
TOO_LONG = "too-long"

HOURS = {"h", "hr", "hrs", "hour", "hours"}
MINUTES = {"m", "min", "mins", "minute", "minutes"}
NUMBER = r"(?:\d+(?:\.\d+)?|\.\d+)"
CLOCK = re.compile(r"(\d+):([0-5]\d)")
PART = re.compile(rf"({NUMBER})\s*([a-z]*)\s*")


def _tidy(text: str) -> str:
    text = text.strip().lower().replace("½", ".5").replace(",", ".")
    text = re.sub(r"(\d)\s+\.5", r"\1.5", text)  # "1 ½"
    return re.sub(r"\s+and\s+", " ", text)


def _round(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _parts(text: str, bare_unit: str) -> Decimal | None:
    """The minutes in a run of number-and-unit parts, or None when it is not one."""
    total, seen, position = Decimal(0), [], 0
    while position < len(text):
        match = PART.match(text, position)
        if match is None:
            return None
        number, unit = Decimal(match.group(1)), match.group(2)
        if unit in HOURS:
            kind = "hours"
        elif unit in MINUTES:
            kind = "minutes"
        elif unit:
            return None
        elif seen == ["hours"]:  # "2 h 30": what follows the hours is minutes
            kind = "minutes"
        elif not seen and match.end() == len(text):
            kind = bare_unit
        else:
            return None
        if kind in seen or (seen and kind == "hours"):  # each once, hours first
            return None
        seen.append(kind)
        total += number * 60 if kind == "hours" else number
        position = match.end()
    return total


def parse_time_spent(text: str | None, bare_unit: str = "hours") -> tuple[int | None, str | None]:
    """(minutes, None); (None, None) when nothing is written; (None, code) when it cannot be read.

    A number on its own counts in bare_unit ("hours" or "minutes").
    """
    tidy = _tidy(text or "")
    if not tidy:
        return None, None
    clock = CLOCK.fullmatch(tidy)
    try:
        total = (Decimal(int(clock.group(1)) * 60 + int(clock.group(2))) if clock
                 else _parts(tidy, bare_unit))
    except InvalidOperation:
        total = None
    if total is None:
        return None, NOT_A_TIME
    if total > MAX_MINUTES + 1:  # before rounding, which fails on numbers past Decimal's precision
        return None, TOO_LONG
    minutes = _round(total)
    if minutes > MAX_MINUTES:
        return None, TOO_LONG
    return minutes, None

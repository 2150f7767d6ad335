"""Numbers from a request: ASCII digits only, within bounds, else None (never an exception)."""

from __future__ import annotations

import re

_DIGITS = re.compile(r"[0-9]{1,18}")


def whole_number(text: str | None, low: int = 0, high: int | None = None) -> int | None:
    """The whole number written in text with ASCII digits only, within low..high, else None."""
    if not isinstance(text, str) or not _DIGITS.fullmatch(text):
        return None
    number = int(text)
    if number < low or (high is not None and number > high):
        return None
    return number


MAX_PAGE = 100_000


def page_of(args) -> int:
    """The ?page= asked for in a query string (a MultiDict), or 1 when it is not a page number."""
    return whole_number(args.get("page"), low=1, high=MAX_PAGE - 1) or 1

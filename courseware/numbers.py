"""Numbers from a request: ASCII digits only, within bounds, else None (never an exception)."""

from __future__ import annotations

import re
from collections.abc import Mapping

from werkzeug.routing import IntegerConverter

MAX_PAGE = 100_000
MAX_ID = 2**31 - 1  # the largest id a database integer column holds
_DIGITS = re.compile(r"[0-9]{1,18}")


def whole_number(text: str | None, low: int = 0, high: int | None = None) -> int | None:
    """The whole number written in text with ASCII digits only, within low..high, else None."""
    if not isinstance(text, str) or not _DIGITS.fullmatch(text):
        return None
    number = int(text)
    if number < low or (high is not None and number > high):
        return None
    return number


def page_of(args: Mapping[str, str]) -> int:
    """The ?page= asked for in a query string, or 1 when it is not a page number."""
    return whole_number(args.get("page"), low=1, high=MAX_PAGE - 1) or 1


def id_of(value: str | int) -> int:
    """A database id from a form (the coerce of its choice fields); ValueError when not one."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_ID:
        return value
    number = whole_number(value, high=MAX_ID) if isinstance(value, str) else None
    if number is None:
        raise ValueError("not an id")
    return number


class IdConverter(IntegerConverter):
    """The <int:...> of every route: ASCII digits up to MAX_ID, else the route does not match."""

    regex = r"[0-9]{1,10}"

    def __init__(self, url_map, fixed_digits: int = 0, min: int | None = None,
                 max: int | None = MAX_ID, signed: bool = False) -> None:
        super().__init__(url_map, fixed_digits, min, max, signed)

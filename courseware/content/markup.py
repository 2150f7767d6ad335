"""Bounds on the markup in a text, checked in one linear pass before it is parsed or sanitised.

The parser and the sanitiser take time that grows with the square of how deeply tags nest, and
with the number of tags; a lesson within the size caps could otherwise hold a server for
minutes. Every text is measured here first and refused, naming its line, when over a bound.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_DEPTH = 100  # raw HTML tags open inside each other
MAX_MARKS = 20_000  # tags, entities, emphasis, code, links, table cells, list and quote markers
MAX_ATTRIBUTES = 50  # in one tag: the sanitiser's time grows with the square of their number

# Elements that never hold others, or that the parser closes by itself when the next begins.
_NOT_NESTING = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot",
    "option", "optgroup", "colgroup", "caption", "rt", "rp",
})
_TAG = r"<(/?)([A-Za-z][A-Za-z0-9-]*)([\s/][^<>]*)?>?"  # a tag left open counts too
_MARK = r"\*+|_+|`+|\[|\||&|^[ \t]*(?:[-+>]|\d+[.)])"
_ATTRIBUTE = re.compile(r"""[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")
_MARKUP = re.compile(f"{_TAG}|{_MARK}", re.MULTILINE)

@dataclass(frozen=True)
class MarkupProblem:
    """Text over a bound: "too-deep", "too-many" or "too-many-attributes", at its line."""

    code: str
    line: int
    limit: int


def markup_problem(text: str) -> MarkupProblem | None:
    """The first place where a text nests tags too deeply or holds too much markup, or None."""
    depth = 0
    for count, match in enumerate(_MARKUP.finditer(text), start=1):
        if count > MAX_MARKS:
            return MarkupProblem("too-many", _line(text, match.start()), MAX_MARKS)
        name, inside = match.group(2), match.group(3)
        if inside and len(_ATTRIBUTE.findall(inside)) > MAX_ATTRIBUTES:
            return MarkupProblem("too-many-attributes", _line(text, match.start()),
                                 MAX_ATTRIBUTES)
        if name is None or name.lower() in _NOT_NESTING or match.group(0).endswith("/>"):
            continue
        depth = max(depth - 1, 0) if match.group(1) else depth + 1
        if depth > MAX_DEPTH:
            return MarkupProblem("too-deep", _line(text, match.start()), MAX_DEPTH)
    return None


def markup_words(problem: MarkupProblem) -> str:
    """What the problem means and what to do, for people."""
    if problem.code == "too-deep":
        return (f"opens more than {problem.limit} tags inside each other; close each tag (for "
                "example </b> after <b>) before opening more")
    if problem.code == "too-many-attributes":
        return (f"has a tag with more than {problem.limit} attributes; remove the ones it does "
                "not need")
    return (f"takes the text past {problem.limit:,} pieces of formatting (tags, entities, "
            "emphasis, links, table cells, list items); split it into shorter lessons")


class TooMuchMarkup(ValueError):
    """A text refused before parsing; its problem says where."""

    def __init__(self, problem: MarkupProblem) -> None:
        super().__init__(f"Line {problem.line} {markup_words(problem)}.")
        self.problem = problem


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1

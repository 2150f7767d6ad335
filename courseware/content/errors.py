"""Problems with a package, as data: a file, a line, a code and the facts behind it.

The checks say what is wrong and where; the words people read are made from that data at the
edge (courseware/content/words.py), for the command line and the browser alike, and the
authoring pages place a problem by its code and location (courseware/content/problems.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: What a whole-package problem (too many files, too big) is reported against.
PACKAGE = "package"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a package: where (path, 1-based line or 0), what (code), and facts.

    A warning does not stop a package being imported; an error does.
    """

    path: str
    line: int
    code: str
    facts: tuple[tuple[str, Any], ...] = ()
    warning: bool = False

    def fact(self, name: str, default: Any = None) -> Any:
        """One of the facts by name."""
        return dict(self.facts).get(name, default)


def problem(path: str, line: int | None, code: str, *, warning: bool = False,
            **facts: Any) -> Problem:
    """A Problem from keyword facts."""
    return Problem(path, line or 0, code, tuple(facts.items()), warning)


class PackageError(Exception):
    """A package could not be read or is not valid; ``errors`` lists every problem found.

    Each item is a message ('PATH: message') or a Problem. ``problems`` holds every problem as
    data, also when ``errors`` holds their words (as reading a package gives them).
    """

    def __init__(self, errors: list[str | Problem] | str | Problem,
                 problems: list[Problem] | None = None) -> None:
        from .words import line_of

        self.errors: list[str | Problem] = (
            [errors] if isinstance(errors, (str, Problem)) else list(errors))
        self.problems: list[Problem] = (
            list(problems) if problems is not None
            else [e for e in self.errors if isinstance(e, Problem)])
        super().__init__("\n".join(line_of(e) for e in self.errors))

    def __reduce__(self):
        return (type(self), (self.errors, self.problems))


@dataclass
class Report:
    """Collects problems and gives them back sorted by file then line, without repeats."""

    items: list[tuple[str, int, int, Problem]] = field(default_factory=list)

    def add(self, path: str, line: int | None, code: str, **facts: Any) -> None:
        """Record a problem by its code and facts; line is 1-based, or None when none applies."""
        self.add_problem(problem(path, line, code, **facts))

    def add_problem(self, item: Problem) -> None:
        """Record one problem."""
        self.items.append((item.path, item.line, len(self.items), item))

    def __bool__(self) -> bool:
        return bool(self.items)

    def problems(self) -> list[Problem]:
        """Every problem, sorted by file, then line, then the order found; each once."""
        out: list[Problem] = []
        for *_, item in sorted(self.items, key=lambda i: i[:3]):
            if item not in out:
                out.append(item)
        return out

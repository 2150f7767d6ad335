"""Errors of the package format: each one names its place as PATH:LINE: message."""

from __future__ import annotations

from dataclasses import dataclass, field

#: What a whole-package problem (too many files, too big) is reported against.
PACKAGE = "package"


class PackageError(Exception):
    """A package could not be read or is not valid; ``errors`` lists every problem found."""

    def __init__(self, errors: list[str] | str) -> None:
        self.errors: list[str] = [errors] if isinstance(errors, str) else list(errors)
        super().__init__("\n".join(self.errors))


@dataclass
class Report:
    """Collects problems as (path, line, message) and formats them sorted by file then line."""

    items: list[tuple[str, int, int, str]] = field(default_factory=list)

    def add(self, path: str, line: int | None, message: str) -> None:
        """Record one problem; line is 1-based, or None when no line applies."""
        self.items.append((path, line or 0, len(self.items), message))

    def __bool__(self) -> bool:
        return bool(self.items)

    def lines(self) -> list[str]:
        """Every problem as 'PATH:LINE: message' (or 'PATH: message'), sorted, without repeats."""
        out: list[str] = []
        for path, line, _, message in sorted(self.items):
            text = f"{path}:{line}: {message}" if line else f"{path}: {message}"
            if text not in out:
                out.append(text)
        return out

"""Typed, located reads of YAML mappings for the validator: every problem names its line."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from .errors import Report
from .text import slugify
from .yamlsafe import YNode


class Checker(Protocol):
    """What Fields needs from the validator: somewhere to report, and a Markdown check."""

    report: Report

    def check_markdown(self, path: str, text: str, file_line: Callable[[int], int]) -> None:
        """Check the images and links in Markdown taken from the file `path`."""


@dataclass(frozen=True)
class Markdown:
    """Markdown waiting to be rendered; images in it resolve relative to the file ``base``."""

    text: str
    base: str


def closest(word: str, options: list[str] | tuple[str, ...]) -> str | None:
    """The option a mistyped word most likely meant, or None when none is close."""
    same = [o for o in options if o.lower() == word.lower()]
    match = same or difflib.get_close_matches(word, list(options), n=1)
    return match[0] if match else None


def id_facts(what: str, value: str) -> dict[str, str]:
    """The facts of an id that is not a slug: what it is, its value, and one that would do."""
    return {"what": what, "value": value, "example": slugify(value) or "check-1"}


def show(node: YNode) -> str:
    """A value as an error message quotes it: 'forty', a list, nothing."""
    if node.kind == "map":
        return "a mapping"
    if node.kind == "seq":
        return "a list" if node.value else "an empty list"
    shown = node.raw if len(node.raw) <= 40 else node.raw[:37] + "..."
    return f"'{shown}'" if shown else "nothing"


def as_text(node: YNode) -> str | None:
    """The text of a scalar as the author wrote it; None for lists, mappings and empty values."""
    if node.kind != "scalar" or node.value is None:
        return None
    if isinstance(node.value, str):
        return node.value
    return node.raw if node.style is None else str(node.value)


def as_int(node: YNode) -> int | None:
    """The value if it is a whole number (not a boolean), else None."""
    value = node.value
    if node.kind == "scalar" and isinstance(value, int) and not isinstance(value, bool):
        return value
    return None


class Fields:
    """One YAML mapping being checked: its keys, and typed reads of its values."""

    def __init__(self, check: Checker, path: str, node: YNode, what: str) -> None:
        self.check, self.path, self.node, self.what = check, path, node, what

    def err(self, line: int, code: str, **facts: Any) -> None:
        """Report a problem at a line of this mapping's file."""
        self.check.report.add(self.path, line, code, **facts)

    def keys(self, allowed: list[str], required: list[str], ignore: tuple[str, ...] = ()) -> None:
        """Report unknown keys (with a suggestion) and missing required ones."""
        for key, line in self.node.key_lines.items():
            if key not in allowed and key not in ignore:
                self.err(line, "unknown-key", key=key, what=self.what,
                         suggestion=closest(key, allowed))
        for key in required:
            if key not in self.node.value:
                self.err(self.node.line, "missing-key", key=key, what=self.what)

    def kind_of(self, types: tuple[str, ...], noun: str) -> str | None:
        """The mapping's type: one of types, else None after reporting why; this mapping is then
        "this <type> <noun>" in later problems."""
        kind = self.text("type")
        if kind is None:
            if not self.has("type"):
                self.err(self.node.line, "missing-type", key="type", what=self.what, types=types)
            return None
        if kind not in types:
            self.err(self.value_line("type"), "unknown-type", noun=noun, kind=kind, types=types,
                     suggestion=closest(kind, types))
            return None
        self.what = f"this {kind} {noun}"
        return kind

    def has(self, key: str) -> bool:
        """True when the key is present (even with an empty value)."""
        return key in self.node.value

    def get(self, key: str) -> YNode | None:
        """The value node of a key, or None."""
        return self.node.value.get(key)

    def line(self, key: str) -> int:
        """The line of a key, or of the mapping when the key is absent."""
        return self.node.key_lines.get(key, self.node.line)

    def value_line(self, key: str) -> int:
        """The line of a key's value, or of the mapping when the key is absent."""
        node = self.get(key)
        return node.line if node is not None else self.line(key)

    def text(self, key: str, max_len: int | None = None, default: str | None = None) -> str | None:
        """Non-empty, stripped text at most max_len long; default when absent, None if bad."""
        node = self.get(key)
        if node is None:
            return default
        value = as_text(node)
        if value is None or not value.strip():
            self.err(node.line, "needs-text", key=key, found=show(node))
            return None
        value = value.strip()
        if max_len is not None and len(value) > max_len:
            self.err(node.line, "too-long", key=key, length=len(value), limit=max_len)
        return value

    def integer(
        self, key: str, low: int, high: int, default: int | None, nullable: bool = False
    ) -> int | None:
        """A whole number from low to high; default when absent (or null if nullable)."""
        node = self.get(key)
        if node is None or (nullable and node.kind == "scalar" and node.value is None):
            return default
        value = as_int(node)
        if value is None or not low <= value <= high:
            self.err(node.line, "not-whole-number", key=key, low=low, high=high,
                     found=show(node))
            return default
        return value

    def boolean(self, key: str, default: bool) -> bool:
        """true or false; default when absent or bad."""
        node = self.get(key)
        if node is None:
            return default
        if node.kind != "scalar" or not isinstance(node.value, bool):
            self.err(node.line, "not-boolean", key=key, found=show(node))
            return default
        return node.value

    def text_list(self, key: str) -> list[str]:
        """A list of non-empty texts; [] when absent."""
        node = self.get(key)
        if node is None:
            return []
        if node.kind != "seq":
            self.err(node.line, "not-list", key=key, found=show(node))
            return []
        out = []
        for item in node.value:
            value = as_text(item)
            if value is None or not value.strip():
                self.err(item.line, "entry-not-text", key=key, found=show(item))
            else:
                out.append(value.strip())
        return out

    def markdown(self, key: str) -> Markdown | None:
        """Markdown text, its images and links checked at their lines; None when absent."""
        node = self.get(key)
        if node is None:
            return None
        value = as_text(node)
        if value is None or not value.strip():
            self.err(node.line, "needs-text", key=key, found=show(node))
            return None
        # A literal block (|) keeps its lines, so Markdown line n is file line node.line + n.
        offset = node.line if node.style == "|" else None
        self.check.check_markdown(
            self.path, value, lambda n: offset + n if offset is not None else node.line
        )
        return Markdown(value.strip(), self.path)

    def mappings(self, key: str, list_code: str, item_code: str) -> Iterator[YNode]:
        """The mappings in a non-empty list, as they are checked in turn; a value that is not
        such a list is reported with list_code, an item that is not a mapping with item_code."""
        node = self.get(key)
        if node is None:
            return
        if node.kind != "seq" or not node.value:
            self.err(self.line(key), list_code, found=show(node))
            return
        for item in node.value:
            if item.kind != "map":
                self.err(item.line, item_code, found=show(item))
                continue
            yield item

    def mapping(self, key: str, what: str) -> Fields | None:
        """A nested mapping to check in turn; None when absent or not a mapping."""
        node = self.get(key)
        if node is None:
            return None
        if node.kind != "map":
            self.err(node.line, "not-mapping", key=key, found=show(node))
            return None
        return Fields(self.check, self.path, node, what)

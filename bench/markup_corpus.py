"""Adversarial Markdown: texts within the lesson cap that once made the sanitiser take minutes."""

from __future__ import annotations

LESSON_CAP = 512 * 1024


def _fill(unit: str, size: int = 300_000) -> str:
    return unit * (size // len(unit))


def corpus() -> dict[str, str]:
    """Each adversarial text by name, each within the lesson cap."""
    return {
        "<b> nested 100,000 deep": "<b>" * 100_000,
        "<b> nested 20,000 deep": "<b>" * 20_000,
        "<em><strong> nested, closed": "<em><strong>" * 10_000 + "x" + "</strong></em>" * 10_000,
        "100-deep blocks, repeated": _fill("<b>" * 100 + "x" + "</b>" * 100 + "\n\n"),
        "flat <b>x</b> tags": _fill("<b>x</b>"),
        "Markdown emphasis *a*": _fill("*a* "),
        "Markdown links [a](b)": _fill("[a](#) "),
        "table cells": "|a|b|\n|-|-|\n" + _fill("|x" * 50 + "|\n"),
        "list items": _fill("- x\n"),
        "nested quotes >>>>": ">" * 100_000 + " deep",
        "nested lists": "".join("  " * i + "- x\n" for i in range(600)),
        "long attribute": '<a title="' + "x" * 300_000 + '">x</a>',
        "many entities": _fill("&amp;"),
        "numeric entities": _fill("&#x41;"),
        "unclosed <a <a <a": _fill("<a "),
        "100,000 attributes": "<b" + " a" * 100_000 + ">x</b>",
        "60,000 attributes with values": "<b" + " a=1" * 60_000 + ">x</b>",
        "an unclosed tag of attributes": "<b" + " a" * 100_000,
        "50 attributes, long values": "<abbr " + " ".join(f't{i}="{"w " * 2000}"'
                                                          for i in range(50)) + ">x</abbr>",
    }


def normal_lesson(text: str, size: int) -> str:
    """A lesson of ordinary prose and formatting, repeated to size characters."""
    return (text * (size // max(len(text), 1) + 1))[:size]

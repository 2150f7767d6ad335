"""What PyYAML's syntax errors mean, as authors make them: where the mistake starts, and its kind.

PyYAML says where it gave up (the problem mark) and, often, where the thing it was reading
began (the context mark). For an unclosed quote it gives up at the end of the file, so the
line an author needs is the context mark's. The codes and facts here are worded in
courseware/content/words.py.
"""

from __future__ import annotations

import re

import yaml

from .errors import Problem, problem

_KEY_VALUE = re.compile(r"^\s*(?:-\s+)*([A-Za-z0-9_][^:#]*?):[ \t]+(.*?)\s*$")
_NO_SPACE = re.compile(r"^\s*(?:-\s+)*([A-Za-z_][\w-]*):(\S.*?)\s*$")
_BRACKETS = {"flow sequence": "[", "flow mapping": "{"}
_MARKERS = {"scanning an alias": "*", "scanning an anchor": "&", "scanning a directive": "%",
            "scanning a tag": "!"}


def syntax_problems(exc: yaml.MarkedYAMLError, text: str, path: str) -> list[Problem]:
    """The problems a syntax error stands for, each at the line where it starts."""
    lines = text.split("\n")
    found = [_classify(exc, lines, path)]
    # The parser stops at its first mistake; tabs used to indent are worth saying at once.
    found += [problem(path, n, "yaml-tab", at_start=True)
              for n, line in enumerate(lines, start=1) if _indented_with_tab(line)]
    out: list[Problem] = []
    for item in sorted(found, key=lambda p: p.line):
        if item not in out:
            out.append(item)
    return out


def _indented_with_tab(line: str) -> bool:
    indent = line[: len(line) - len(line.lstrip(" \t"))]
    return "\t" in indent and bool(line.strip())


def _classify(exc: yaml.MarkedYAMLError, lines: list[str], path: str) -> Problem:
    what = str(exc.problem or "")
    context = str(exc.context or "")
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 1
    start = exc.context_mark.line + 1 if exc.context_mark else line
    text = lines[line - 1] if 0 < line <= len(lines) else ""

    if "scanning a quoted scalar" in context:
        return problem(path, start, "yaml-unclosed-quote")
    if "found character '\\t'" in what:
        column = mark.column if mark else 0
        at_start = not text[:column].strip(" -")
        return problem(path, line, "yaml-tab", at_start=at_start)
    opened = _open_quote_line(lines, start, line)
    if opened and "found '<scalar>'" in what:
        return problem(path, opened, "yaml-unclosed-quote")
    if "found '<scalar>'" in what and _closed_quote_then_text(text):
        return problem(path, line, "yaml-text-after-quote")
    for name, bracket in _BRACKETS.items():
        if f"parsing a {name}" in context:
            return problem(path, start, "yaml-unclosed-bracket", bracket=bracket)
    if "mapping values are not allowed" in what:
        pair = _KEY_VALUE.match(text[: mark.column] if mark else text)
        if pair:
            full = _KEY_VALUE.match(text)
            key, value = (full or pair).group(1), (full or pair).group(2)
            return problem(path, line, "yaml-colon-in-value", key=key.strip(), value=value)
        return problem(path, line, "yaml-indent")
    if "scanning a simple key" in context:
        start_text = lines[start - 1] if 0 < start <= len(lines) else ""
        bare = _NO_SPACE.match(start_text)
        if bare:
            return problem(path, start, "yaml-no-space-after-colon",
                           key=bare.group(1), value=bare.group(2))
        if ":" not in start_text:
            return problem(path, start, "yaml-no-colon")
    if "expected <block end>" in what:
        return problem(path, line, "yaml-indent")
    char = re.search(r"found character '(.)' that cannot start any token", what)
    marker = next((c for name, c in _MARKERS.items() if name in context), None)
    if char or marker:
        pair = _KEY_VALUE.match(lines[start - 1] if 0 < start <= len(lines) else "")
        return problem(path, start, "yaml-reserved-start",
                       char=char.group(1) if char else marker,
                       key=pair.group(1).strip() if pair else "", value=pair.group(2) if pair
                       else "")
    return problem(path, line, "yaml-syntax", problem=what, context=context, start=start)


def _open_quote_line(lines: list[str], first: int, last: int) -> int | None:
    """The first line from first to last whose value opens a quote it does not close."""
    for n in range(max(first, 1), min(last, len(lines)) + 1):
        pair = _KEY_VALUE.match(lines[n - 1]) or re.match(r"^\s*-\s+()(.*?)\s*$", lines[n - 1])
        value = pair.group(2) if pair else ""
        if value[:1] == '"' and not re.match(r'^"(?:[^"\\]|\\.)*"', value):
            return n
        if value[:1] == "'" and not re.match(r"^'(?:[^']|'')*'", value):
            return n
    return None


def _closed_quote_then_text(line: str) -> bool:
    pair = _KEY_VALUE.match(line)
    value = pair.group(2) if pair else ""
    closed = re.match(r'^("(?:[^"\\]|\\.)*"|\'(?:[^\']|\'\')*\')\s*(.*)$', value)
    return bool(closed and closed.group(2) and not closed.group(2).startswith("#"))

"""Safe YAML: located values, with anchors, aliases, unsafe tags and duplicate keys refused.

Problems are data (see errors.Problem); a plain value followed on its line by ' #' is a warning,
since YAML reads the rest of the line as a comment and the author's text is cut.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent, ScalarEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import Problem, problem
from .yamlerrors import syntax_problems

# libyaml's parser when PyYAML was built with it (the wheels are), else the pure-Python one.
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_DEPTH = 32
_CORE = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {None, "!"} | {
    _CORE + t for t in ("str", "int", "float", "bool", "null", "seq", "map")
}


@dataclass
class YNode:
    """A YAML value with the 1-based line it starts on.

    kind is "map" (value: dict[str, YNode], key_lines: key -> line), "seq" (value: list[YNode])
    or "scalar" (value: the Python value; raw: the text as written; style: None for plain,
    or one of ' " | >).
    """

    kind: str
    line: int
    value: Any
    key_lines: dict[str, int] = field(default_factory=dict)
    raw: str = ""
    style: str | None = None


def _show_tag(tag: str) -> str:
    return "!!" + tag[len(_CORE):] if tag.startswith(_CORE) else tag


def load_yaml(text: str, path: str = "") -> tuple[YNode | None, list[Problem]]:
    """Parse one YAML document into a YNode tree, with every problem found (path is the file's).

    libyaml parses first, for speed; when it finds anything wrong, the pure-Python parser runs
    again so that every problem is the same whichever parser is installed. Errors that stop the
    file being read come without a tree; duplicate keys and warnings come with one.
    """
    if FAST_LOADER is not yaml.SafeLoader:
        try:
            node, problems = _load(text, FAST_LOADER, path)
        except yaml.YAMLError:
            node, problems = None, []
        if node is not None and not errors_only(problems):
            return node, problems
    return _load(text, yaml.SafeLoader, path)


def errors_only(problems: list[Problem]) -> list[Problem]:
    """The problems that are not warnings."""
    return [p for p in problems if not p.warning]


def _load(text: str, loader: type, path: str) -> tuple[YNode | None, list[Problem]]:
    try:
        problems = _scan(text, loader, path)
        if problems:
            return None, problems
        node = yaml.compose(text, Loader=loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        if "another document" in str(exc.problem):
            return None, [problem(path, line, "yaml-two-documents")]
        return None, syntax_problems(exc, text, path)
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        return None, [problem(path, line, "yaml-unreadable", reason=exc.reason)]
    if node is None:
        return None, [problem(path, 1, "yaml-empty")]
    convert = _Converter(path, text.split("\n"))
    return convert(node, ""), convert.problems


def _scan(text: str, loader_class: type, path: str) -> list[Problem]:
    """Refuse anchors, aliases, unsafe tags and deep nesting from the event stream alone.

    This runs before any tree is built, so an alias bomb never expands.
    """
    problems: list[Problem] = []
    depth = 0
    loader = loader_class(text)
    try:
        while loader.check_event():
            event = loader.get_event()
            line = event.start_mark.line + 1
            if isinstance(event, AliasEvent):
                problems.append(problem(path, line, "yaml-alias", name=event.anchor))
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
            elif isinstance(event, (ScalarEvent, CollectionStartEvent)):
                if isinstance(event, CollectionStartEvent):
                    depth += 1
                    if depth > MAX_DEPTH:
                        return [problem(path, line, "yaml-too-deep", limit=MAX_DEPTH)]
                if event.anchor is not None:
                    problems.append(problem(path, line, "yaml-anchor", name=event.anchor))
                if event.tag not in _ALLOWED_TAGS:
                    problems.append(problem(path, line, "yaml-tag", tag=_show_tag(event.tag),
                                            python="python/" in event.tag))
    finally:
        loader.dispose()
    return problems


class _Converter:
    """Builds the YNode tree, noting duplicate keys and text cut short by a comment."""

    def __init__(self, path: str, lines: list[str]) -> None:
        self.path, self.lines = path, lines
        self.problems: list[Problem] = []
        self.build = SafeConstructor()

    def __call__(self, node: Node, key: str) -> YNode:
        line = node.start_mark.line + 1
        if isinstance(node, ScalarNode):
            try:
                value = self.build.construct_object(node)
            except yaml.YAMLError as exc:
                self.problems.append(problem(self.path, line, "yaml-bad-value",
                                             reason=str(getattr(exc, "problem", exc))))
                value = node.value
            style = node.style or None  # libyaml marks plain scalars "" where PyYAML says None
            if style is None and isinstance(value, str):
                self.cut_by_comment(node, key)
            return YNode("scalar", line, value, raw=node.value, style=style)
        if isinstance(node, SequenceNode):
            return YNode("seq", line, [self(item, key) for item in node.value])
        assert isinstance(node, MappingNode)
        result: dict[str, YNode] = {}
        key_lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if not isinstance(key_node, ScalarNode):
                self.problems.append(problem(self.path, key_line, "yaml-key-not-text"))
                continue
            name = key_node.value
            if name in result:
                self.problems.append(problem(self.path, key_line, "yaml-duplicate-key",
                                             key=name, first=key_lines[name]))
                continue
            result[name] = self(value_node, name)
            key_lines[name] = key_line
        return YNode("map", line, result, key_lines=key_lines)

    def cut_by_comment(self, node: ScalarNode, key: str) -> None:
        """Warn when ' #' right after a plain value starts a comment that cuts the text short.

        One space, then #, is how a sentence reads ("Follow #DataWeek"); a comment meant as one
        is set off by two spaces or more, and is left alone.
        """
        end = node.end_mark
        rest = self.lines[end.line][end.column:] if end.line < len(self.lines) else ""
        if not rest.startswith(" #"):
            return
        cut = rest[1:].rstrip()
        self.problems.append(problem(self.path, end.line + 1, "comment-cuts-text", warning=True,
                                     key=key, cut=cut, full=f"{node.value} {cut}"))

"""Safe YAML: located values, with anchors, aliases, unsafe tags and duplicate keys refused."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent, ScalarEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

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


def load_yaml(text: str) -> tuple[YNode | None, list[tuple[int, str]]]:
    """Parse one YAML document into a YNode tree; problems are (line, message) pairs.

    libyaml parses first, for speed; when it finds anything wrong, the pure-Python parser runs
    again so that every problem is worded the same way whichever parser is installed.
    """
    if FAST_LOADER is not yaml.SafeLoader:
        try:
            node, problems = _load(text, FAST_LOADER)
        except yaml.YAMLError:
            node, problems = None, []
        if node is not None and not problems:
            return node, problems
    return _load(text, yaml.SafeLoader)


def _load(text: str, loader: type) -> tuple[YNode | None, list[tuple[int, str]]]:
    try:
        problems = _scan(text, loader)
        if problems:
            return None, problems
        node = yaml.compose(text, Loader=loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        if "another document" in str(exc.problem):
            return None, [(line, "the file must hold one YAML document; remove the '---' line")]
        return None, [(line, f"YAML syntax error: {exc.problem}")]
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        return None, [(line, f"YAML cannot read this file: {exc.reason}")]
    if node is None:
        return None, [(1, "the file is empty")]
    problems = []
    return _convert(node, problems, SafeConstructor()), problems


def _scan(text: str, loader_class: type = yaml.SafeLoader) -> list[tuple[int, str]]:
    """Refuse anchors, aliases, unsafe tags and deep nesting from the event stream alone.

    This runs before any tree is built, so an alias bomb never expands.
    """
    problems: list[tuple[int, str]] = []
    depth = 0
    loader = loader_class(text)
    try:
        while loader.check_event():
            event = loader.get_event()
            line = event.start_mark.line + 1
            if isinstance(event, AliasEvent):
                problems.append((line, f"YAML aliases (*{event.anchor}) are not allowed; "
                                       "write the value out in full"))
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
            elif isinstance(event, (ScalarEvent, CollectionStartEvent)):
                if isinstance(event, CollectionStartEvent):
                    depth += 1
                    if depth > MAX_DEPTH:
                        return [(line, f"the YAML is nested more than {MAX_DEPTH} deep")]
                if event.anchor is not None:
                    problems.append((line, f"YAML anchors (&{event.anchor}) are not allowed; "
                                           "write the value out in full"))
                if event.tag not in _ALLOWED_TAGS:
                    shown = _show_tag(event.tag)
                    what = "Python tags" if "python/" in event.tag else "YAML tags"
                    problems.append((line, f"{what} such as {shown} are not allowed"))
    finally:
        loader.dispose()
    return problems


def _convert(node: Node, problems: list[tuple[int, str]], build: SafeConstructor) -> YNode:
    line = node.start_mark.line + 1
    if isinstance(node, ScalarNode):
        try:
            value = build.construct_object(node)
        except yaml.YAMLError as exc:
            problems.append((line, f"YAML error: {getattr(exc, 'problem', exc)}"))
            value = node.value
        # libyaml marks plain scalars with "" where the pure-Python parser says None.
        return YNode("scalar", line, value, raw=node.value, style=node.style or None)
    if isinstance(node, SequenceNode):
        return YNode("seq", line, [_convert(item, problems, build) for item in node.value])
    assert isinstance(node, MappingNode)
    result: dict[str, YNode] = {}
    key_lines: dict[str, int] = {}
    for key_node, value_node in node.value:
        key_line = key_node.start_mark.line + 1
        if not isinstance(key_node, ScalarNode):
            problems.append((key_line, "a key must be a plain word, not a list or mapping"))
            continue
        key = key_node.value
        if key in result:
            problems.append((key_line, f"duplicate key '{key}' (first on line {key_lines[key]})"))
            continue
        result[key] = _convert(value_node, problems, build)
        key_lines[key] = key_line
    return YNode("map", line, result, key_lines=key_lines)

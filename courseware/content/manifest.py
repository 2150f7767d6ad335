"""module.yaml and quiz files as plain values the forms can edit, and written back as YAML.

module.yaml is read into plain Python values (text stays text: ``text: No`` is "No", as the
validator reads it) and written back with ``yaml.safe_dump`` in the order of the format page,
without comments. Nothing here validates: that is validate.py's job.
"""

from __future__ import annotations

from typing import Any

import yaml

from courseware.content.fields import as_text
from courseware.content.format import (
    CERTIFICATE_KEYS,
    CHOICE_KEYS,
    MANIFEST,
    MODULE_KEYS,
    QUIZ_FILE_KEYS,
)
from courseware.content.words import say
from courseware.content.yamlsafe import YNode, errors_only, load_yaml

# Keys whose values are text whatever YAML would make of them, and lists of text.
TEXT_KEYS = {
    "id", "version", "title", "summary", "level", "language", "licence", "type", "file",
    "prompt", "explanation", "text", "feedback",
}
TEXT_LISTS = {"tags", "authors", "outcomes", "accept"}

# The order keys are written in: the order of the package format page.
ORDER = {
    "module": MODULE_KEYS,
    "certificate": CERTIFICATE_KEYS,
    "step": ["type", "id", "title", "file", "pass_mark", "shuffle", "prompt", "min_words",
             "questions"],
    "quiz_file": QUIZ_FILE_KEYS,
    "question": ["id", "type", "prompt", "choices", "answer", "accept", "explanation"],
    "choice": CHOICE_KEYS,
}


class ManifestError(Exception):
    """module.yaml (or a quiz file) cannot be read into values the forms can edit.

    listed is True when the reason is one of the validator's problems, so it is listed with them.
    """

    def __init__(self, message: str, listed: bool = False) -> None:
        super().__init__(message)
        self.listed = listed


# -- reading ------------------------------------------------------------------------------------


def plain(node: YNode, key: str | None = None) -> Any:
    """A YAML node as plain Python, keeping text keys' values as the author wrote them."""
    if node.kind == "map":
        return {k: plain(v, k) for k, v in node.value.items()}
    if node.kind == "seq":
        if key in TEXT_LISTS:
            return [_text_or_value(item) if item.kind == "scalar" else plain(item)
                    for item in node.value]
        return [plain(item) for item in node.value]
    if key in TEXT_KEYS:
        return _text_or_value(node)
    return node.value


def _text_or_value(node: YNode) -> Any:
    text = as_text(node)
    return text if text is not None else node.value


def read_yaml(files: dict[str, bytes], path: str) -> dict:
    """A YAML file of the package as a plain dict; ManifestError says why it cannot be."""
    if path not in files:
        raise ManifestError(f"the package has no {path}")
    try:
        text = files[path].decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ManifestError(f"{path} is not saved as UTF-8 text") from None
    node, problems = load_yaml(text, path)
    errors = errors_only(problems)
    if errors or node is None:
        if not errors:
            raise ManifestError(f"{path} line 1: the file is empty", listed=True)
        raise ManifestError(f"{path} line {errors[0].line}: {say(errors[0])}", listed=True)
    if node.kind != "map":
        raise ManifestError(f"{path} must be a mapping of keys and values")
    return plain(node)


def read_manifest(files: dict[str, bytes]) -> dict:
    """module.yaml as a plain dict, with `steps` always a list of dicts."""
    manifest = read_yaml(files, MANIFEST)
    steps = manifest.get("steps")
    if steps is None:
        manifest["steps"] = []
    elif not isinstance(steps, list) or not all(isinstance(s, dict) for s in steps):
        raise ManifestError("module.yaml: steps must be a list of steps")
    return manifest


# -- writing ------------------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """safe_dump with indented lists and multi-line text as literal blocks."""

    def increase_indent(self, flow: bool = False, indentless: bool = False):
        return super().increase_indent(flow, False)


def _represent_text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_text)


def ordered(data: dict, kind: str) -> dict:
    """The mapping with its keys in the format's order, empty text and None values left out."""
    order = ORDER[kind]
    keys = [k for k in order if k in data] + [k for k in data if k not in order]
    out = {}
    for key in keys:
        value = data[key]
        if value is None or (key in TEXT_KEYS and value == ""):
            continue
        if key in ("tags", "authors", "outcomes") and value == []:
            continue
        out[key] = _ordered_child(key, value)
    return out


def _ordered_child(key: str, value: Any) -> Any:
    if key == "certificate" and isinstance(value, dict):
        return ordered(value, "certificate")
    if key == "steps" and isinstance(value, list):
        return [ordered(s, "step") if isinstance(s, dict) else s for s in value]
    if key == "questions" and isinstance(value, list):
        return [ordered(q, "question") if isinstance(q, dict) else q for q in value]
    if key == "choices" and isinstance(value, list):
        return [ordered(c, "choice") if isinstance(c, dict) else c for c in value]
    return value


def dump_yaml(data: dict, kind: str = "module") -> bytes:
    """A mapping as stable YAML text: format order, no comments, UTF-8."""
    text = yaml.dump(ordered(data, kind), Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                     default_flow_style=False, width=100)
    return text.encode("utf-8")


def with_manifest(files: dict[str, bytes], manifest: dict) -> dict[str, bytes]:
    """A copy of the files with module.yaml rewritten from the manifest."""
    return {**files, MANIFEST: dump_yaml(manifest)}

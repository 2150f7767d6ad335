"""Editing a package's files as the browser forms do: plain functions over {path: bytes}.

module.yaml is read into plain Python values (text stays text: ``text: No`` is "No", as the
validator reads it) and written back with ``yaml.safe_dump`` in the order of the format page,
without comments. Everything else about a package (reading, validating, building) is the
content core's job; nothing here validates.
"""

from __future__ import annotations

import posixpath
import re
from typing import Any

import yaml

from courseware.content.fields import as_text
from courseware.content.text import slugify
from courseware.content.words import say
from courseware.content.yamlsafe import YNode, errors_only, load_yaml

MANIFEST = "module.yaml"
STEP_TYPES = ("lesson", "quiz", "reflection")
QUESTION_TYPES = ("single", "multiple", "true_false", "text")

# Keys whose values are text whatever YAML would make of them, and lists of text.
TEXT_KEYS = {
    "id", "version", "title", "summary", "level", "language", "licence", "type", "file",
    "prompt", "explanation", "text", "feedback",
}
TEXT_LISTS = {"tags", "authors", "outcomes", "accept"}

# The order keys are written in: the order of the package format page.
ORDER = {
    "module": ["format", "id", "version", "title", "summary", "duration_minutes", "level",
               "language", "tags", "authors", "licence", "outcomes", "pass_mark", "certificate",
               "steps"],
    "certificate": ["enabled", "valid_for_days"],
    "step": ["type", "id", "title", "file", "pass_mark", "shuffle", "prompt", "min_words",
             "questions"],
    "quiz_file": ["pass_mark", "shuffle", "questions"],
    "question": ["id", "type", "prompt", "choices", "answer", "accept", "explanation"],
    "choice": ["text", "correct", "feedback"],
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


def clean_text(value: str | None) -> str:
    """Text from a form: Windows line endings made plain, outer blank space removed."""
    return (value or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def text_bytes(value: str) -> bytes:
    """A text file's bytes: LF line endings, ending with one newline (empty stays empty)."""
    text = clean_text(value)
    return (text + "\n").encode("utf-8") if text else b""


def lines_of(value: str | None) -> list[str]:
    """Non-empty lines of a textarea, trimmed."""
    return [line.strip() for line in clean_text(value).split("\n") if line.strip()]


# -- a new package ------------------------------------------------------------------------------


def new_package(details: dict) -> dict[str, bytes]:
    """The files of a new module with the details form's data and no steps yet."""
    blank = {"format": 1, "version": "1.0.0", "language": "en-GB", "steps": []}
    return {MANIFEST: dump_yaml(set_details(blank, details))}


def unique_slug(wanted: str, taken: set[str], fallback: str) -> str:
    """A slug from wanted (or fallback) not in taken, adding -2, -3, ... when needed."""
    base = slugify(wanted)[:56].rstrip("-") or fallback
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


# -- steps --------------------------------------------------------------------------------------


def step_ids(manifest: dict) -> set[str]:
    """The explicit ids and lesson-file ids of the steps."""
    ids = set()
    for step in manifest["steps"]:
        if isinstance(step.get("id"), str):
            ids.add(step["id"])
        if isinstance(step.get("file"), str):
            ids.add(slugify(posixpath.basename(step["file"]).rsplit(".", 1)[0]))
    return ids


def add_step(files: dict[str, bytes], kind: str, title: str) -> tuple[dict[str, bytes], int]:
    """Append a step of the kind; lessons get their own file. Returns files and its position."""
    manifest = read_manifest(files)
    step_id = unique_slug(title, step_ids(manifest), kind)
    step: dict[str, Any] = {"type": kind, "id": step_id, "title": title}
    files = dict(files)
    if kind == "lesson":
        path = f"lessons/{step_id}.md"
        n = 1
        while path in files:
            n += 1
            path = f"lessons/{step_id}-{n}.md"
        step["file"] = path
        files[path] = b""
    elif kind == "quiz":
        step["questions"] = []
    manifest["steps"].append(step)
    return with_manifest(files, manifest), len(manifest["steps"])


def move_item(items: list, position: int, direction: str) -> bool:
    """Swap the item at 1-based position with its neighbour up or down; False if it cannot."""
    index = position - 1
    other = index - 1 if direction == "up" else index + 1
    if not (0 <= index < len(items) and 0 <= other < len(items)):
        return False
    items[index], items[other] = items[other], items[index]
    return True


def remove_step(files: dict[str, bytes], position: int) -> dict[str, bytes]:
    """Remove a step; its lesson or quiz file goes too unless another step uses it."""
    manifest = read_manifest(files)
    step = manifest["steps"].pop(position - 1)
    files = dict(files)
    path = step.get("file")
    if isinstance(path, str) and not any(s.get("file") == path for s in manifest["steps"]):
        files.pop(posixpath.normpath(path), None)
    return with_manifest(files, manifest)


def get_step(manifest: dict, position: int) -> dict | None:
    """The step at a 1-based position, or None."""
    steps = manifest["steps"]
    return steps[position - 1] if 1 <= position <= len(steps) else None


def lesson_path(step: dict) -> str | None:
    """The package path of a lesson step's file, when it names a usable one."""
    path = step.get("file")
    if not isinstance(path, str) or not path.endswith(".md"):
        return None
    path = posixpath.normpath(path)
    if path.startswith(("/", "../")) or path == "..":
        return None
    return path


# -- quizzes ------------------------------------------------------------------------------------


def quiz_source(files: dict[str, bytes], step: dict) -> tuple[dict, str | None]:
    """Where a quiz's questions live: (the mapping holding them, its file or None if inline)."""
    path = step.get("file")
    if isinstance(path, str) and path.endswith((".yaml", ".yml")):
        path = posixpath.normpath(path)
        data = read_yaml(files, path)
        if not isinstance(data.get("questions", []), list):
            raise ManifestError(f"{path}: questions must be a list")
        data.setdefault("questions", [])
        return data, path
    if not isinstance(step.get("questions", []), list):
        raise ManifestError("module.yaml: this quiz's questions must be a list")
    step.setdefault("questions", [])
    return step, None


def put_quiz(files: dict[str, bytes], manifest: dict, holder: dict, path: str | None):
    """Write a quiz back where it came from (module.yaml or its own file)."""
    files = with_manifest(files, manifest)
    if path is not None:
        files[path] = dump_yaml(holder, "quiz_file")
    return files


def new_question(kind: str, questions: list[dict]) -> dict:
    """An empty question of the kind with the next free id (q1, q2, ...)."""
    taken = {q.get("id") for q in questions if isinstance(q, dict)}
    n = len(questions) + 1
    while f"q{n}" in taken:
        n += 1
    question: dict[str, Any] = {"id": f"q{n}", "type": kind}
    if kind in ("single", "multiple"):
        question["choices"] = []
    elif kind == "true_false":
        question["answer"] = True
    else:
        question["accept"] = []
    return question


# -- pictures -----------------------------------------------------------------------------------


def media_path(filename: str, data_sha: str, files: dict[str, bytes], shas: dict[str, str]):
    """The media/ path for an uploaded picture: an existing one with the same bytes, else a
    new name made from the file's own name (a slug and its lowercase extension)."""
    for path, sha in shas.items():
        if path.startswith("media/") and sha == data_sha:
            return path
    stem, _, ext = posixpath.basename(filename.replace("\\", "/")).rpartition(".")
    ext = ext.lower() if stem else ""
    stem = slugify(stem or filename)[:60].rstrip("-") or "picture"
    suffix = f".{ext}" if ext else ""
    path, n = f"media/{stem}{suffix}", 1
    while path in files:
        n += 1
        path = f"media/{stem}-{n}{suffix}"
    return path


def image_markdown(alt: str, picture: str, lesson: str) -> str:
    """The Markdown that shows a picture in a lesson: its path relative to the lesson file."""
    words = " ".join(alt.split())
    words = words.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
    relative = posixpath.relpath(picture, posixpath.dirname(lesson) or ".")
    return f"![{words}]({relative})"


# -- versions -----------------------------------------------------------------------------------

VERSION = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")


def parse_version(version: str | None) -> tuple[int, int, int] | None:
    """MAJOR.MINOR.PATCH as three numbers, or None."""
    match = VERSION.match(version or "")
    return tuple(int(part) for part in match.groups()) if match else None  # type: ignore


def next_versions(latest: str | None) -> dict[str, str]:
    """The numbers a patch, minor or major release after latest would have."""
    parsed = parse_version(latest)
    if parsed is None:
        return {"major": "1.0.0"}
    major, minor, patch = parsed
    return {
        "patch": f"{major}.{minor}.{patch + 1}",
        "minor": f"{major}.{minor + 1}.0",
        "major": f"{major + 1}.0.0",
    }


def shape(steps: list[dict]) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Each step id's type and question ids: what learners' progress depends on."""
    return {
        s["id"]: (s["type"], tuple(q["id"] for q in s.get("questions") or []))
        for s in steps
    }


def suggest_bump(old: dict | None, new: dict) -> tuple[str, str]:
    """The release kind to suggest from the steps' shape before and after, with the reason."""
    if old is None:
        return "major", "This is the module's first version."
    gone = [k for k in old if k not in new or new[k][0] != old[k][0]]
    dropped = [k for k in old if k in new and not set(old[k][1]) <= set(new[k][1])]
    if gone or dropped:
        return "major", ("Steps or questions were taken out or changed type, so this is a "
                         "major change.")
    added = [k for k in new if k not in old]
    grown = [k for k in new if k in old and set(new[k][1]) > set(old[k][1])]
    if added or grown or list(new) != [k for k in old if k in new]:
        return "minor", "Steps or questions were added or moved, so this is a minor change."
    return "patch", "The steps and questions are the same; only their words or pictures changed."


def set_version(files: dict[str, bytes], version: str) -> dict[str, bytes]:
    """The files with module.yaml's version set, changing only that line when it can."""
    text = files[MANIFEST].decode("utf-8-sig")
    node, problems = load_yaml(text)
    readable = node is not None and not errors_only(problems) and node.kind == "map"
    if readable and "version" in node.value:
        lines = text.split("\n")
        index = node.value["version"].line - 1
        line = lines[index]
        new, count = re.subn(
            r"^(\s*version\s*:\s*)(?:'[^']*'|\"[^\"]*\"|[^\s#]+)", lambda m: m.group(1) + version,
            line, count=1,
        )
        if count:
            lines[index] = new
            return {**files, MANIFEST: "\n".join(lines).encode("utf-8")}
    manifest = read_manifest(files)
    manifest["version"] = version
    return with_manifest(files, manifest)


# -- the module's details -----------------------------------------------------------------------


def _int_or_none(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _texts(value: Any) -> list[str]:
    return [str(v) for v in value if isinstance(v, (str, int, float))] if isinstance(
        value, list) else []


def details_of(manifest: dict) -> dict:
    """The module details form's values, read from module.yaml."""
    certificate = manifest.get("certificate")
    certificate = certificate if isinstance(certificate, dict) else {}
    text = {k: manifest.get(k) if isinstance(manifest.get(k), str) else ""
            for k in ("title", "id", "summary", "level")}
    return {
        "title": text["title"],
        "module_id": text["id"],
        "summary": text["summary"],
        "duration_minutes": _int_or_none(manifest.get("duration_minutes")),
        "level": text["level"] or "beginner",
        "outcomes": "\n".join(_texts(manifest.get("outcomes"))),
        "tags": ", ".join(_texts(manifest.get("tags"))),
        "pass_mark": _int_or_none(manifest.get("pass_mark")),
        "certificate_enabled": certificate.get("enabled", True) is not False,
        "valid_for_days": _int_or_none(certificate.get("valid_for_days")),
    }


def set_details(manifest: dict, data: dict) -> dict:
    """module.yaml's values with the details form's data written in (steps untouched)."""
    out = dict(manifest)
    out.update({
        "format": manifest.get("format", 1),
        "id": data["module_id"],
        "version": manifest.get("version") or "1.0.0",
        "title": clean_text(data["title"]),
        "summary": " ".join(clean_text(data["summary"]).split()),
        "duration_minutes": data["duration_minutes"],
        "level": data["level"],
        "outcomes": lines_of(data["outcomes"]),
        "tags": [t.strip() for t in (data["tags"] or "").split(",") if t.strip()],
        "pass_mark": data["pass_mark"],
    })
    if not data["certificate_enabled"]:
        out["certificate"] = {"enabled": False}
    elif data["valid_for_days"]:
        out["certificate"] = {"enabled": True, "valid_for_days": data["valid_for_days"]}
    else:
        out.pop("certificate", None)
    return out

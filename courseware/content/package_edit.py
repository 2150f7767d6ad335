"""Editing a package's files as the browser forms do: plain functions over {path: bytes}.

Reading module.yaml into values and writing it back is manifest.py's job, version numbers are
versions.py's; both are named here too, for the authoring pages. Nothing here validates.
"""

from __future__ import annotations

import posixpath
from typing import Any

from courseware.content.format import MANIFEST as MANIFEST
from courseware.content.manifest import ManifestError as ManifestError
from courseware.content.manifest import dump_yaml as dump_yaml
from courseware.content.manifest import read_manifest as read_manifest
from courseware.content.manifest import read_yaml
from courseware.content.manifest import with_manifest as with_manifest
from courseware.content.text import slugify
from courseware.content.versions import next_versions as next_versions
from courseware.content.versions import parse_version as parse_version
from courseware.content.versions import set_version as set_version
from courseware.content.versions import shape as shape
from courseware.content.versions import suggest_bump as suggest_bump


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

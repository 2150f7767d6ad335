"""The validator's problems said in plain English, and placed where a trainer can fix them.

The validator gives problems as data (a file, a line, a code and facts); ``say`` makes the words,
the same for the command line and the browser, and a few codes have words of their own here that
say what to do in the forms. Nothing here reads a message: a problem is placed by its file, line
and code. For module.yaml and quiz files the line is traced
back through the parsed YAML to the step, question and key it belongs to, so that the browser can
link to the form field; anything the forms cannot fix (an unknown key, a YAML syntax error, a
bad picture) links to that line of the file instead.
"""

from __future__ import annotations

import bisect
import posixpath
from dataclasses import dataclass

from courseware.content.errors import Problem as Found
from courseware.content.format import MANIFEST
from courseware.content.words import say
from courseware.content.yamlsafe import YNode, errors_only, load_yaml

# Form field ids for keys, by what the key belongs to.
MODULE_FIELDS = {
    "id": "module_id", "title": "title", "summary": "summary",
    "duration_minutes": "duration_minutes", "level": "level", "outcomes": "outcomes",
    "tags": "tags", "pass_mark": "pass_mark", "certificate": "certificate_enabled",
    "enabled": "certificate_enabled", "valid_for_days": "valid_for_days",
}
STEP_FIELDS = {
    "title": "title", "prompt": "prompt", "min_words": "min_words", "pass_mark": "pass_mark",
    "shuffle": "shuffle", "file": "body", "questions": "questions", "type": "title",
    "id": "title",
}
QUESTION_FIELDS = {
    "prompt": "prompt", "explanation": "explanation", "choices": "choices", "answer": "answer",
    "accept": "accept", "type": "prompt", "id": "prompt",
}
CHOICE_FIELDS = {"text": "text", "correct": "correct", "feedback": "feedback"}

# What the forms can act on, said as a trainer would understand it, by the problem's code.
FOR_TRAINERS = {
    "steps-not-list": "Add at least one step: a lesson, a quiz or a reflection.",
    "questions-not-list": "Add at least one question to this quiz.",
    "quiz-no-questions": "Add at least one question to this quiz.",
    "lesson-empty": "This lesson has no text yet. Write it, then save.",
    "choices-count": "Give this question between {low} and {high} choices (it has {count}).",
    "single-correct-count": "Tick exactly one right answer (there are {correct} ticked). If more "
                            "than one answer is right, make it a “choose all that are right” "
                            "question instead.",
    "multiple-no-correct": "Tick at least one right answer.",
    "accept-not-list": "List at least one answer to accept.",
    "choice-repeated": "Two choices say “{text}”. Make each choice different.",
}
# What to do about a required key that is missing, by the key.
MISSING = {
    "title": "Give it a title.",
    "summary": "Write a short summary of the module.",
    "duration_minutes": "Say how many minutes the module takes.",
    "prompt": "Write the question or prompt.",
    "file": "Choose the lesson's file.",
    "accept": "List at least one answer to accept.",
    "choices": "Add the choices.",
    "answer": "Say whether the statement is true or false.",
}
# Problems with a file's form rather than its content, which the forms cannot fix (any yaml-
# code too). A cut comment is one: the advice (quotes) is for the file.
NEEDS_FILE = {
    "unknown-key", "key-not-for-type", "step-not-mapping", "question-not-mapping",
    "choice-not-mapping", "file-too-big", "media-too-big", "file-not-utf8", "file-not-mapping",
    "media-not-image", "media-wrong-type", "media-unreadable", "file-not-allowed",
    "comment-cuts-text",
}
# Problems that make an uploaded package unsafe to keep even as a draft.
HAZARDS = {
    "yaml-alias", "yaml-anchor", "yaml-tag", "yaml-too-deep", "file-not-allowed",
    "path-backslash", "path-absolute", "path-dotdot", "path-nul", "media-too-big", "media-svg",
    "media-not-picture-name", "media-empty", "media-not-image", "media-wrong-type",
    "media-too-many-pixels", "media-unreadable",
}


@dataclass
class Placed:
    """One validation problem, where it is, and where the trainer can fix it."""

    path: str  # the package file, or "package"
    line: int  # 1-based; 0 when no line applies
    message: str  # in plain English
    warning: bool = False  # worth a look, but does not stop publishing
    step: int | None = None  # 1-based position of the step it is about
    question: int | None = None  # 1-based position of the question within that step's quiz
    field: str | None = None  # the form field id on that step's, question's or module's form
    about_module: bool = False  # about the module's details form

    @property
    def in_form(self) -> bool:
        """True when a form field can fix it; False when it needs the file itself."""
        return self.field is not None


def for_trainer(found: Found) -> str:
    """The words for a problem on the authoring pages: what to do in the forms, where known."""
    if found.code in FOR_TRAINERS:
        return FOR_TRAINERS[found.code].format(**dict(found.facts))
    if found.code == "missing-key" and found.fact("key") in MISSING:
        return MISSING[found.fact("key")]
    message = say(found)
    return message[:1].upper() + message[1:]


class LineIndex:
    """Which key path of a YAML file each line belongs to: ('steps', 2, 'title')."""

    def __init__(self, node: YNode | None) -> None:
        self.node = node
        self.lines: dict[int, tuple] = {}
        if node is not None:
            self._walk(node, ())
        self.sorted = sorted(self.lines)

    def _walk(self, node: YNode, path: tuple) -> None:
        self.lines.setdefault(node.line, path)
        if node.kind == "map":
            self.lines[node.line] = path
            for key, child in node.value.items():
                self.lines[node.key_lines[key]] = (*path, key)
                self._walk(child, (*path, key))
        elif node.kind == "seq":
            for n, child in enumerate(node.value):
                self._walk(child, (*path, n))
        else:
            self.lines[node.line] = path

    def at(self, line: int) -> tuple:
        """The key path of the line, or of the nearest line above that has one."""
        index = bisect.bisect_right(self.sorted, line) - 1
        return self.lines[self.sorted[index]] if index >= 0 else ()


def _index(files: dict[str, bytes], path: str) -> LineIndex:
    try:
        node, problems = load_yaml(files[path].decode("utf-8-sig"))
    except (KeyError, UnicodeDecodeError):
        return LineIndex(None)
    return LineIndex(None if errors_only(problems) else node)


def _owners(manifest_index: LineIndex) -> dict[str, int]:
    """Which step (1-based) uses each lesson or quiz file, read from module.yaml's steps."""
    owners: dict[str, int] = {}
    node = manifest_index.node
    if node is None or node.kind != "map":
        return owners
    steps = node.value.get("steps")
    if steps is None or steps.kind != "seq":
        return owners
    for n, step in enumerate(steps.value, start=1):
        if step.kind == "map" and "file" in step.value:
            ref = step.value["file"]
            if ref.kind == "scalar" and isinstance(ref.raw, str) and ref.raw:
                owners.setdefault(posixpath.normpath(ref.raw), n)
    return owners


def place_errors(errors: list[Found], files: dict[str, bytes]) -> list[Placed]:
    """Each problem placed on the step, question and field (or file line) that fixes it."""
    manifest_index = _index(files, MANIFEST)
    owners = _owners(manifest_index)
    indexes: dict[str, LineIndex] = {MANIFEST: manifest_index}
    out = []
    for found in errors:
        path, line = found.path, found.line
        problem = Placed(path, line, for_trainer(found), warning=found.warning)
        if path == MANIFEST and line:
            _place_manifest(problem, manifest_index.at(line), found)
        elif path.endswith((".yaml", ".yml")) and path in owners and line:
            if path not in indexes:
                indexes[path] = _index(files, path)
            problem.step = owners[path]
            _place_quiz(problem, indexes[path].at(line), found)
        elif path.endswith(".md") and path in owners:
            problem.step = owners[path]
            if not _needs_file(found):
                problem.field = "body"
                if line:
                    problem.message = f"Line {line} of the lesson: {problem.message}"
        out.append(problem)
    return out


def _needs_file(found: Found) -> bool:
    """Problems with the file's form rather than its content, which the forms cannot fix."""
    return found.code.startswith("yaml-") or found.code in NEEDS_FILE


def _missing(found: Found) -> str | None:
    """The key a problem says is missing, else None."""
    return found.fact("key") if found.code in ("missing-key", "missing-type") else None


def _place_manifest(problem: Placed, where: tuple, found: Found) -> None:
    if not where or where[0] != "steps" or (len(where) == 1 and _missing(found)):
        problem.about_module = True
        missing = _missing(found)
        if missing == "steps":
            problem.about_module, problem.field = False, "add-step"
        elif missing:
            problem.field = MODULE_FIELDS.get(missing)
        elif where and not _needs_file(found):
            key = where[0] if len(where) >= 2 and isinstance(where[-1], int) else where[-1]
            problem.field = MODULE_FIELDS.get(key)
        return
    if len(where) == 1:
        problem.field = None if _needs_file(found) else "add-step"
        return
    problem.step = where[1] + 1
    _place_step(problem, where[2:], found)


def _place_step(problem: Placed, rest: tuple, found: Found) -> None:
    if _needs_file(found):
        return
    missing = _missing(found)
    if missing and len(rest) <= 1:
        problem.field = STEP_FIELDS.get(missing, "title")
        return
    if not rest:
        problem.field = "title"
        return
    if rest[0] == "questions" and len(rest) >= 2:
        _place_quiz(problem, rest, found)
        return
    problem.field = STEP_FIELDS.get(rest[0])


def _place_quiz(problem: Placed, where: tuple, found: Found) -> None:
    """Place an error inside a quiz: where is ('questions', n, key, ...) within its holder."""
    if _needs_file(found):
        return
    if not where or where[0] != "questions":
        missing = _missing(found)
        key = missing or (where[0] if where else "questions")
        problem.field = STEP_FIELDS.get(key, "questions")
        return
    if len(where) == 1:
        problem.field = "questions"
        return
    problem.question = where[1] + 1
    rest = where[2:]
    missing = _missing(found)
    if missing and len(rest) <= 1:
        problem.field = QUESTION_FIELDS.get(missing, "prompt")
    elif not rest:
        problem.field = "prompt"
    elif rest[0] == "choices" and len(rest) >= 2 and isinstance(rest[1], int):
        key = missing or (rest[2] if len(rest) >= 3 else "text")
        problem.field = f"choices-{rest[1]}-{CHOICE_FIELDS.get(key, 'text')}"
    else:
        problem.field = QUESTION_FIELDS.get(rest[0], "prompt")


def hazards(errors: list[Found], files: dict[str, bytes]) -> list[Found]:
    """The errors that make an uploaded package unsafe to keep even as a draft: files the format
    does not allow, pictures that are not what they claim (or SVG), and YAML anchors, aliases,
    tags or deep nesting."""
    return [e for e in errors if not e.warning and e.code in HAZARDS]

"""Check a package against format 1 and build its normalised (not yet rendered) module.

Choices made where the format page is silent:

- Links in Markdown may be http(s):// or mailto: only. A relative link to another file is an
  error (steps are reached through the module's own navigation), and so is a ``#anchor``:
  rendered headings carry no ids, so it would lead nowhere.
- Every step needs a title. A step id defaults to the slug of the lesson's file name
  (``01-Intro.md`` -> ``01-intro``) or, for quizzes and reflections, the slug of the title.
- Question ids are required. Choice texts in one question must differ.
- Text values written unquoted keep what the author typed: ``text: No`` is the text "No",
  not false, and ``version: 1.0`` is reported as "1.0".
- A quiz's pass_mark and shuffle may be set in module.yaml or in its quiz file, not both.
- A package holds only module.yaml, .md files under lessons/, .yaml files under quizzes/ and
  pictures under media/ (sub-folders are allowed); any other file is an error naming it. Files
  in those places that the module does not mention are allowed, and everything in media/ must
  be a PNG, JPEG, GIF or WebP image whose bytes match its name. Hidden files and what Macs and
  Windows add to folders (.DS_Store, __MACOSX/, Thumbs.db) never get this far: reading a
  package skips them (see package.py), so they are neither refused nor stored.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from .errors import PACKAGE, Problem, Report
from .fields import Fields, Markdown, as_int, show, suggest
from .markup import markup_problem, markup_words
from .media import EXTENSION_TYPES, media_entry, media_problem
from .package import MAX_FILES, PACKAGE_CAP, human_size, path_problem, size_cap
from .render import find_references, resolve_relative
from .text import is_slug, normalise_text_answer, slugify
from .yamlsafe import YNode, errors_only, load_yaml

VERSION = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")
LANGUAGE = re.compile(
    r"^[A-Za-z]{2,3}(-[A-Za-z]{3}){0,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|\d{3}))?"
    r"(-([A-Za-z\d]{5,8}|\d[A-Za-z\d]{3}))*$"
)
SPDX = re.compile(
    r"^\(?[A-Za-z0-9][A-Za-z0-9.+-]*\)?( (AND|OR|WITH) \(?[A-Za-z0-9][A-Za-z0-9.+-]*\)?)*$"
)
LEVELS = ["beginner", "intermediate", "advanced"]
STEP_TYPES = ["lesson", "quiz", "reflection"]
QUESTION_TYPES = ["single", "multiple", "true_false", "text"]

MODULE_KEYS = [
    "format", "id", "version", "title", "summary", "duration_minutes", "level", "language",
    "tags", "authors", "licence", "outcomes", "pass_mark", "certificate", "steps",
]
MODULE_REQUIRED = ["format", "id", "version", "title", "summary", "duration_minutes", "steps"]
STEP_KEYS = {
    "lesson": ["type", "id", "title", "file"],
    "quiz": ["type", "id", "title", "pass_mark", "shuffle", "questions", "file"],
    "reflection": ["type", "id", "title", "prompt", "min_words"],
}
STEP_REQUIRED = {
    "lesson": ["type", "title", "file"],
    "quiz": ["type", "title"],
    "reflection": ["type", "title", "prompt"],
}
QUIZ_FILE_KEYS = ["pass_mark", "shuffle", "questions"]
QUESTION_COMMON = ["id", "type", "prompt", "explanation"]
QUESTION_KEYS = {
    "single": ["choices"],
    "multiple": ["choices"],
    "true_false": ["answer"],
    "text": ["accept"],
}
CHOICE_KEYS = ["text", "correct", "feedback"]
CERTIFICATE_KEYS = ["enabled", "valid_for_days"]
MIN_CHOICES, MAX_CHOICES = 2, 10


class _Checker:
    """Walks a whole package once, collecting every problem and the normalised module."""

    def __init__(self, files: dict[str, bytes]) -> None:
        self.files = files
        self.report = Report()
        self.media: dict[str, dict] = {}
        self.texts: dict[str, str | None] = {}
        self.lessons_checked: set[str] = set()

    def err(self, path: str, line: int | None, message: str) -> None:
        self.report.add(path, line, message)

    # -- files -------------------------------------------------------------------------------

    def check_files(self) -> None:
        total = 0
        # A package zipped one folder too deep is said once, as a missing module.yaml.
        misplaced = "module.yaml" not in self.files
        for path, data in self.files.items():
            problem = path_problem(path)
            if problem:
                self.err(path, None, problem)
            cap, kind = size_cap(path)
            if len(data) > cap:
                self.err(path, None, f"the file is {human_size(len(data))}; "
                                     f"the limit for {kind} is {human_size(cap)}")
            total += len(data)
            hint = None if problem or misplaced else not_allowed(path)
            if hint:
                self.report.add_problem(Problem(path, 0, "file-not-allowed", (("hint", hint),)))
            elif path.startswith("media/"):
                problem = media_problem(path, data)
                if problem:
                    self.err(path, None, problem)
                else:
                    self.media[path] = media_entry(data)
        if len(self.files) > MAX_FILES:
            self.err(PACKAGE, None, f"the package has {len(self.files)} files; "
                                    f"the limit is {MAX_FILES}")
        if total > PACKAGE_CAP:
            self.err(PACKAGE, None, f"the package is {human_size(total)}; "
                                    f"the limit is {human_size(PACKAGE_CAP)}")

    def text_of(self, path: str) -> str | None:
        """A package file decoded as UTF-8 (a BOM is allowed), or None after reporting why not."""
        if path not in self.texts:
            data = self.files[path]
            try:
                self.texts[path] = data.decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                line = data[: exc.start].count(b"\n") + 1
                self.err(path, line, "the file is not UTF-8 text; save it as UTF-8 "
                                     "(most editors offer this under Save As or Encoding)")
                self.texts[path] = None
        return self.texts[path]

    def file_ref(self, where: Fields, kind: str, suffix: str) -> str | None:
        """Check a step's or quiz's `file:`; the package path it names, or None."""
        ref = where.text("file")
        if ref is None:
            return None
        line = where.value_line("file")
        problem = path_problem(ref)
        if problem:
            where.err(line, f"file: {problem} (found '{ref}')")
            return None
        path = posixpath.normpath(ref)
        if not path.endswith(suffix):
            where.err(line, f"{kind} files must end in {suffix} (found '{ref}')")
            return None
        if path not in self.files:
            near = [p for p in self.files if p.endswith(suffix)]
            where.err(line, f"file not found: '{ref}' is not in the package{suggest(path, near)}")
            return None
        return path

    # -- Markdown ----------------------------------------------------------------------------

    def check_markdown(self, path: str, text: str, file_line: Callable[[int], int]) -> None:
        """Check the markup's bounds, then the images and links in Markdown from `path`;
        file_line maps its lines."""
        bounds = markup_problem(text)
        if bounds is not None:
            self.err(path, file_line(bounds.line), f"this line {markup_words(bounds)}")
            return
        for ref in find_references(text):
            line = file_line(ref.line)
            if ref.kind == "image":
                problem = self.image_problem(path, ref.url)
            else:
                problem = _link_problem(ref.url)
            if problem:
                self.err(path, line, problem)

    def image_problem(self, base: str, url: str) -> str | None:
        example = posixpath.relpath("media/picture.png", posixpath.dirname(base) or ".")
        try:
            scheme = urlsplit(url).scheme.lower()
        except ValueError:
            return f"the image address '{url}' is not valid; write '{example}'"
        if not url.strip():
            return "an image needs a file name"
        if scheme in ("http", "https") or url.startswith("//"):
            return (f"remote images are not allowed (found '{url}'): modules must work offline "
                    f"and must not track learners; put the file in media/ and write "
                    f"'{example}'")
        if scheme == "data":
            return f"data: images are not allowed; put the file in media/ and write '{example}'"
        if scheme or "\\" in url:
            return f"an image must be a file in media/, written like '{example}' (found '{url}')"
        if url.startswith("/"):
            return f"image paths are relative to this file, e.g. '{example}' (found '{url}')"
        path = resolve_relative(base, url)
        if path == ".." or path.startswith("../"):
            return f"the image path '{url}' leads outside the package"
        if not path.startswith("media/"):
            return (f"images must be in the media/ folder (found '{url}', which is '{path}'); "
                    f"write '{example}'")
        if path not in self.files:
            near = [p for p in self.files if p.startswith("media/")]
            return f"image not found: '{url}' (looked for {path}){suggest(path, near)}"
        return None

    # -- module.yaml -------------------------------------------------------------------------

    def run(self) -> dict | None:
        self.check_files()
        if "module.yaml" not in self.files:
            deeper = [p for p in self.files if p.endswith("/module.yaml")]
            hint = f" (found {deeper[0]}; put the package's files at the top)" if deeper else ""
            self.err("module.yaml", None, f"the package has no module.yaml at its top level{hint}")
            return None
        root = self.load("module.yaml")
        if root is None:
            return None
        return self.module(Fields(self, "module.yaml", root, "module.yaml"))

    def load(self, path: str) -> YNode | None:
        text = self.text_of(path)
        if text is None:
            return None
        node, problems = load_yaml(text, path)
        for item in problems:
            self.report.add_problem(item)
        if node is None:
            return None
        if node.kind != "map":
            self.err(path, node.line, f"the file must be a mapping of keys and values "
                                      f"(found {show(node)})")
            return None
        return node

    def module(self, m: Fields) -> dict:
        m.keys(MODULE_KEYS, MODULE_REQUIRED)
        fmt = m.get("format")
        if fmt is not None:
            number = as_int(fmt)
            if number is None:
                m.err(fmt.line, f"format must be the integer 1 (found {show(fmt)})")
            elif number != 1:
                m.err(fmt.line, f"this package says format {number}; this server reads format 1")
        module_id = m.text("id")
        if module_id is not None and not is_slug(module_id):
            m.err(m.value_line("id"), _slug_message("id", module_id))
        version = m.text("version")
        if version is not None and not VERSION.match(version):
            m.err(m.value_line("version"),
                  f"version must be MAJOR.MINOR.PATCH, e.g. 1.0.0 (found '{version}')")
        title = m.text("title", max_len=120)
        summary = m.text("summary", max_len=400)
        duration = m.integer("duration_minutes", 1, 600, None)
        level = m.text("level", default="beginner")
        if level is not None and level not in LEVELS:
            m.err(m.value_line("level"), f"level must be one of {', '.join(LEVELS)} "
                                         f"(found '{level}'){suggest(level, LEVELS)}")
        language = m.text("language", default="en-GB")
        if language is not None and not LANGUAGE.match(language):
            m.err(m.value_line("language"),
                  f"language must be a language tag such as en-GB or cy (found '{language}')")
        licence = m.text("licence", max_len=100)
        if licence is not None and not SPDX.match(licence):
            m.err(m.value_line("licence"),
                  f"licence must be an SPDX identifier such as CC-BY-SA-4.0 (found '{licence}')")
        pass_mark = m.integer("pass_mark", 0, 100, 80)
        certificate = {"enabled": True, "valid_for_days": None}
        cert = m.mapping("certificate", "certificate")
        if cert is not None:
            cert.keys(CERTIFICATE_KEYS, [])
            certificate = {
                "enabled": cert.boolean("enabled", True),
                "valid_for_days": cert.integer("valid_for_days", 1, 36500, None, nullable=True),
            }
        steps = self.steps(m, 80 if pass_mark is None else pass_mark)
        return {
            "id": module_id, "version": version, "title": title, "summary": summary,
            "duration_minutes": duration, "level": level, "language": language,
            "tags": m.text_list("tags"), "authors": m.text_list("authors"),
            "licence": licence, "outcomes": m.text_list("outcomes"), "pass_mark": pass_mark,
            "certificate": certificate, "media": dict(sorted(self.media.items())),
            "steps": steps,
        }

    # -- steps -------------------------------------------------------------------------------

    def steps(self, m: Fields, module_pass_mark: int) -> list[dict]:
        node = m.get("steps")
        if node is None:
            return []
        if node.kind != "seq" or not node.value:
            m.err(m.line("steps"), f"steps must be a list with at least one step "
                                   f"(found {show(node)})")
            return []
        out: list[dict] = []
        seen: dict[str, int] = {}
        for item in node.value:
            if item.kind != "map":
                m.err(item.line, f"each step must be a mapping with type, title, ... "
                                 f"(found {show(item)})")
                continue
            step = self.step(Fields(self, m.path, item, "this step"), module_pass_mark, seen)
            if step is not None:
                out.append(step)
        return out

    def step(self, s: Fields, module_pass_mark: int, seen: dict[str, int]) -> dict | None:
        kind = s.text("type")
        if kind is None:
            if not s.has("type"):
                s.err(s.node.line, "missing required key 'type' in this step "
                                   "(lesson, quiz or reflection)")
            return None
        if kind not in STEP_TYPES:
            s.err(s.value_line("type"), f"unknown step type '{kind}'; use lesson, quiz or "
                                        f"reflection{suggest(kind, STEP_TYPES)}")
            return None
        s.what = f"this {kind} step"
        s.keys(STEP_KEYS[kind], STEP_REQUIRED[kind])
        title = s.text("title", max_len=120)
        step: dict[str, Any] = {"id": None, "type": kind, "title": title}
        if kind == "lesson":
            path = self.file_ref(s, "lesson", ".md")
            default_id = slugify(posixpath.basename(path)[:-3]) if path else None
            step["file"] = path
            step["body_html"] = self.lesson(path) if path else None
        elif kind == "quiz":
            default_id = slugify(title) if title else None
            step.update(self.quiz(s, module_pass_mark))
        else:
            default_id = slugify(title) if title else None
            step["prompt_html"] = s.markdown("prompt")
            step["min_words"] = s.integer("min_words", 0, 2000, 0)
        step["id"] = self.step_id(s, default_id, seen)
        return step

    def step_id(self, s: Fields, default: str | None, seen: dict[str, int]) -> str | None:
        if s.has("id"):
            step_id = s.text("id")
            line = s.value_line("id")
            if step_id is not None and not is_slug(step_id):
                s.err(line, _slug_message("id", step_id))
                return None
            hint = ""
        else:
            step_id, line = default, s.node.line
            hint = "; give one of them its own id:"
            if default == "":
                s.err(line, "cannot make an id from this step's title or file name; add an id:")
                return None
        if step_id is None:
            return None
        if step_id in seen:
            s.err(line, f"step id '{step_id}' is already used by the step on line "
                        f"{seen[step_id]}{hint}")
        else:
            seen[step_id] = s.node.line
        return step_id

    def lesson(self, path: str) -> Markdown | None:
        text = self.text_of(path)
        if text is None:
            return None
        if not text.strip():
            self.err(path, None, "the lesson is empty")
        if path not in self.lessons_checked:
            self.lessons_checked.add(path)
            self.check_markdown(path, text, lambda n: n)
        return Markdown(text, path)

    # -- quizzes -----------------------------------------------------------------------------

    def quiz(self, s: Fields, module_pass_mark: int) -> dict:
        pass_mark = s.integer("pass_mark", 0, 100, None)
        shuffle = s.boolean("shuffle", False)
        if s.has("questions") and s.has("file"):
            s.err(s.line("file"), "a quiz has either questions: or file:, not both")
            return {"pass_mark": pass_mark, "shuffle": shuffle, "questions": []}
        source = s
        if s.has("file"):
            path = self.file_ref(s, "quiz", ".yaml")
            node = self.load(path) if path else None
            if node is None:
                return {"pass_mark": pass_mark, "shuffle": shuffle, "questions": []}
            source = Fields(self, path, node, "the quiz file")
            source.keys(QUIZ_FILE_KEYS, ["questions"])
            for key in ("pass_mark", "shuffle"):
                if source.has(key) and s.has(key):
                    source.err(source.line(key), f"{key} is also set for this quiz in "
                                                 f"module.yaml (line {s.line(key)}); keep one")
            if source.has("pass_mark"):
                pass_mark = source.integer("pass_mark", 0, 100, None)
            if source.has("shuffle"):
                shuffle = source.boolean("shuffle", False)
        elif not s.has("questions"):
            s.err(s.node.line, "a quiz needs questions: or file: quizzes/<name>.yaml")
        return {
            "pass_mark": module_pass_mark if pass_mark is None else pass_mark,
            "shuffle": shuffle,
            "questions": self.questions(source),
        }

    def questions(self, q: Fields) -> list[dict]:
        node = q.get("questions")
        if node is None:
            return []
        if node.kind != "seq" or not node.value:
            q.err(q.line("questions"), f"questions must be a list with at least one question "
                             f"(found {show(node)})")
            return []
        out: list[dict] = []
        seen: dict[str, int] = {}
        for item in node.value:
            if item.kind != "map":
                q.err(item.line, f"each question must be a mapping with id, type, prompt, ... "
                                 f"(found {show(item)})")
                continue
            question = self.question(Fields(self, q.path, item, "this question"), seen)
            if question is not None:
                out.append(question)
        return out

    def question(self, q: Fields, seen: dict[str, int]) -> dict | None:
        kind = q.text("type")
        if kind is None:
            if not q.has("type"):
                q.err(q.node.line, "missing required key 'type' in this question "
                                   "(single, multiple, true_false or text)")
            return None
        if kind not in QUESTION_TYPES:
            q.err(q.value_line("type"), f"unknown question type '{kind}'; use single, multiple, "
                                        f"true_false or text{suggest(kind, QUESTION_TYPES)}")
            return None
        q.what = f"this {kind} question"
        allowed = QUESTION_COMMON + QUESTION_KEYS[kind]
        elsewhere = []
        for key, line in q.node.key_lines.items():
            others = [t for t, keys in QUESTION_KEYS.items() if key in keys]
            if key not in allowed and others:
                elsewhere.append(key)
                q.err(line, f"'{key}' is not used by {kind} questions (it belongs to "
                            f"{' and '.join(others)} questions)")
        q.keys(allowed, ["id", "type", "prompt"] + QUESTION_KEYS[kind], ignore=tuple(elsewhere))
        question_id = q.text("id")
        if question_id is not None:
            line = q.value_line("id")
            if not is_slug(question_id):
                q.err(line, _slug_message("question id", question_id))
            elif question_id in seen:
                q.err(line, f"question id '{question_id}' is already used on line "
                            f"{seen[question_id]}")
            else:
                seen[question_id] = line
        out: dict[str, Any] = {"id": question_id, "type": kind, "prompt_html": q.markdown("prompt")}
        if kind in ("single", "multiple"):
            out["choices"] = self.choices(q, kind)
        elif kind == "true_false":
            if q.has("answer"):
                out["answer"] = q.boolean("answer", False)
        else:
            out["accept"] = self.accept(q)
        out["explanation_html"] = q.markdown("explanation") or ""
        return out

    def choices(self, q: Fields, kind: str) -> list[dict]:
        node = q.get("choices")
        if node is None:
            return []
        if node.kind != "seq":
            q.err(q.line("choices"), f"choices must be a list (found {show(node)})")
            return []
        if not MIN_CHOICES <= len(node.value) <= MAX_CHOICES:
            line = q.line("choices")
            q.err(line, f"a {kind} question needs {MIN_CHOICES} to {MAX_CHOICES} choices "
                        f"(found {len(node.value)})")
        out: list[dict] = []
        texts: dict[str, int] = {}
        for item in node.value:
            if item.kind != "map":
                q.err(item.line, f"each choice must be a mapping with text: and correct: "
                                 f"(found {show(item)})")
                continue
            c = Fields(self, q.path, item, "this choice")
            c.keys(CHOICE_KEYS, ["text"])
            text = c.text("text", max_len=500)
            if text is not None:
                key = normalise_text_answer(text)
                if key in texts:
                    c.err(c.value_line("text"), f"two choices say '{text}' (see line {texts[key]})")
                else:
                    texts[key] = c.value_line("text")
            out.append({
                "text": text,
                "correct": c.boolean("correct", False),
                "feedback_html": c.markdown("feedback") or "",
            })
        correct = sum(1 for choice in out if choice["correct"])
        if kind == "single" and len(out) == len(node.value) and correct != 1:
            q.err(q.line("choices"), f"a single question needs exactly one correct choice "
                             f"(found {correct}); use type: multiple for more than one")
        if kind == "multiple" and len(out) == len(node.value) and correct < 1:
            q.err(q.line("choices"),
                  "a multiple question needs at least one correct choice (found 0)")
        return out

    def accept(self, q: Fields) -> list[str]:
        node = q.get("accept")
        if node is None:
            return []
        if node.kind != "seq" or not node.value:
            q.err(q.line("accept"), f"accept must be a list of at least one answer, "
                             f"e.g. accept: [\"#\", hash] (found {show(node)})")
            return []
        return q.text_list("accept")


def _slug_message(what: str, value: str) -> str:
    return (f"{what} '{value}' is not a valid id: use lowercase letters, digits and inner "
            f"hyphens, at most 64 characters (e.g. '{slugify(value) or 'check-1'}')")


def _link_problem(url: str) -> str | None:
    try:
        parts = urlsplit(url)
    except ValueError:
        parts = None
    scheme = parts.scheme.lower() if parts else ""
    if scheme in ("http", "https") and parts and parts.netloc:
        return None
    if scheme == "mailto" and parts and parts.path:
        return None
    return f"links may only be http, https or mailto addresses (found '{url}')"


def not_allowed(path: str) -> str | None:
    """Where a file the format does not allow might belong ('lessons', 'quizzes', 'media' or
    'remove'); None when the format allows it."""
    if path == "module.yaml" or path.startswith("media/"):
        return None
    if path.startswith("lessons/") and path.endswith(".md"):
        return None
    if path.startswith("quizzes/") and path.endswith(".yaml"):
        return None
    ext = path.rsplit(".", 1)[-1].lower() if "." in posixpath.basename(path) else ""
    if ext == "md":
        return "lessons"
    if ext in ("yaml", "yml"):
        return "quizzes"
    return "media" if ext in EXTENSION_TYPES else "remove"


def check_package(files: dict[str, bytes]) -> tuple[list[Problem], dict | None]:
    """Every problem (errors and warnings), sorted, and the normalised module (Markdown not yet
    rendered)."""
    checker = _Checker(files)
    module = checker.run()
    return checker.report.problems(), module


def validate_package(files: dict[str, bytes]) -> list[Problem]:
    """Every problem of the format, errors and warnings, sorted by file then line."""
    return check_package(files)[0]


def package_errors(files: dict[str, bytes]) -> list[Problem]:
    """The problems that stop the package being imported (not the warnings)."""
    return errors_only(validate_package(files))

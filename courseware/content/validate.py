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
from collections.abc import Callable
from urllib.parse import urlsplit

from .check_questions import QuestionChecks
from .check_steps import StepChecks
from .errors import Problem, Report
from .fields import Fields, as_int, closest, id_facts, show
from .format import (
    CERTIFICATE_KEYS,
    FORMAT,
    LANGUAGE,
    LEVELS,
    MANIFEST,
    MODULE_KEYS,
    MODULE_REQUIRED,
    SPDX,
    VERSION,
)
from .markup import markup_problem
from .media import EXTENSION_TYPES, media_check, media_entry
from .package import path_fault, too_big, totals_problems
from .render import find_references, resolve_relative
from .text import is_slug
from .yamlsafe import YNode, errors_only, load_yaml


class _Checker(StepChecks, QuestionChecks):
    """Walks a whole package once, collecting every problem and the normalised module."""

    def __init__(self, files: dict[str, bytes]) -> None:
        self.files = files
        self.report = Report()
        self.media: dict[str, dict] = {}
        self.texts: dict[str, str | None] = {}
        self.lessons_checked: set[str] = set()

    def err(self, path: str, line: int | None, code: str, **facts) -> None:
        self.report.add(path, line, code, **facts)

    # -- files -------------------------------------------------------------------------------

    def check_files(self) -> None:
        total = 0
        # A package zipped one folder too deep is said once, as a missing module.yaml.
        misplaced = MANIFEST not in self.files
        for path, data in self.files.items():
            fault = path_fault(path)
            if fault:
                self.err(path, None, fault)
            oversize = too_big(path, len(data))
            if oversize:
                self.report.add_problem(oversize)
            total += len(data)
            hint = None if fault or misplaced else not_allowed(path)
            if hint:
                self.err(path, None, "file-not-allowed", hint=hint)
            elif path.startswith("media/"):
                refused = media_check(path, data)
                if refused:
                    self.report.add_problem(refused)
                else:
                    self.media[path] = media_entry(data)
        for item in totals_problems(len(self.files), total):
            self.report.add_problem(item)

    def text_of(self, path: str) -> str | None:
        """A package file decoded as UTF-8 (a BOM is allowed), or None after reporting why not."""
        if path not in self.texts:
            data = self.files[path]
            try:
                self.texts[path] = data.decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                self.err(path, data[: exc.start].count(b"\n") + 1, "file-not-utf8")
                self.texts[path] = None
        return self.texts[path]

    def file_ref(self, where: Fields, kind: str, suffix: str) -> str | None:
        """Check a step's or quiz's `file:`; the package path it names, or None."""
        ref = where.text("file")
        if ref is None:
            return None
        line = where.value_line("file")
        fault = path_fault(ref)
        if fault:
            where.err(line, "file-ref-bad-path", fault=fault, ref=ref)
            return None
        path = posixpath.normpath(ref)
        if not path.endswith(suffix):
            where.err(line, "file-ref-wrong-suffix", kind=kind, suffix=suffix, ref=ref)
            return None
        if path not in self.files:
            near = [p for p in self.files if p.endswith(suffix)]
            where.err(line, "file-ref-not-found", ref=ref, suggestion=closest(path, near))
            return None
        return path

    # -- Markdown ----------------------------------------------------------------------------

    def check_markdown(self, path: str, text: str, file_line: Callable[[int], int]) -> None:
        """Check the markup's bounds, then the images and links in Markdown from `path`;
        file_line maps its lines."""
        bounds = markup_problem(text)
        if bounds is not None:
            self.err(path, file_line(bounds.line), f"markup-{bounds.code}", limit=bounds.limit)
            return
        for ref in find_references(text):
            line = file_line(ref.line)
            if ref.kind == "image":
                found = self.image_problem(path, ref.url)
            else:
                found = _link_problem(ref.url)
            if found:
                code, facts = found
                self.err(path, line, code, **facts)

    def image_problem(self, base: str, url: str) -> tuple[str, dict] | None:
        """What is wrong with an image address in Markdown from the file base: (code, facts)."""
        example = posixpath.relpath("media/picture.png", posixpath.dirname(base) or ".")
        try:
            scheme = urlsplit(url).scheme.lower()
        except ValueError:
            return "image-bad-address", {"url": url, "example": example}
        if not url.strip():
            return "image-no-name", {}
        if scheme in ("http", "https") or url.startswith("//"):
            return "image-remote", {"url": url, "example": example}
        if scheme == "data":
            return "image-data", {"example": example}
        if scheme or "\\" in url:
            return "image-not-file", {"url": url, "example": example}
        if url.startswith("/"):
            return "image-absolute", {"url": url, "example": example}
        path = resolve_relative(base, url)
        if path == ".." or path.startswith("../"):
            return "image-outside", {"url": url}
        if not path.startswith("media/"):
            return "image-not-in-media", {"url": url, "resolved": path, "example": example}
        if path not in self.files:
            near = [p for p in self.files if p.startswith("media/")]
            return "image-not-found", {"url": url, "resolved": path,
                                       "suggestion": closest(path, near)}
        return None

    # -- module.yaml -------------------------------------------------------------------------

    def run(self) -> dict | None:
        self.check_files()
        if MANIFEST not in self.files:
            deeper = [p for p in self.files if p.endswith("/" + MANIFEST)]
            self.err(MANIFEST, None, "no-module-yaml", deeper=deeper[0] if deeper else None)
            return None
        root = self.load(MANIFEST)
        if root is None:
            return None
        return self.module(Fields(self, MANIFEST, root, MANIFEST))

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
            self.err(path, node.line, "file-not-mapping", found=show(node))
            return None
        return node

    def module(self, m: Fields) -> dict:
        m.keys(MODULE_KEYS, MODULE_REQUIRED)
        fmt = m.get("format")
        if fmt is not None:
            number = as_int(fmt)
            if number is None:
                m.err(fmt.line, "format-not-integer", found=show(fmt))
            elif number != FORMAT:
                m.err(fmt.line, "format-unsupported", number=number)
        module_id = m.text("id")
        if module_id is not None and not is_slug(module_id):
            m.err(m.value_line("id"), "bad-id", **id_facts("id", module_id))
        version = m.text("version")
        if version is not None and not VERSION.match(version):
            m.err(m.value_line("version"), "bad-version", value=version)
        title = m.text("title", max_len=120)
        summary = m.text("summary", max_len=400)
        duration = m.integer("duration_minutes", 1, 600, None)
        level = m.text("level", default="beginner")
        if level is not None and level not in LEVELS:
            m.err(m.value_line("level"), "bad-level", value=level,
                  suggestion=closest(level, LEVELS))
        language = m.text("language", default="en-GB")
        if language is not None and not LANGUAGE.match(language):
            m.err(m.value_line("language"), "bad-language", value=language)
        licence = m.text("licence", max_len=100)
        if licence is not None and not SPDX.match(licence):
            m.err(m.value_line("licence"), "bad-licence", value=licence)
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


def _link_problem(url: str) -> tuple[str, dict] | None:
    try:
        parts = urlsplit(url)
    except ValueError:
        parts = None
    scheme = parts.scheme.lower() if parts else ""
    if scheme in ("http", "https") and parts and parts.netloc:
        return None
    if scheme == "mailto" and parts and parts.path:
        return None
    return "link-not-allowed", {"url": url}


def not_allowed(path: str) -> str | None:
    """Where a file the format does not allow might belong ('lessons', 'quizzes', 'media' or
    'remove'); None when the format allows it."""
    if path == MANIFEST or path.startswith("media/"):
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

"""The professional standards framework: data in a YAML file that a deployment can replace."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from flask import current_app

DEFAULT_FILE = Path(__file__).resolve().parent / "frameworks" / "social-work-england.yaml"
CODE = re.compile(r"[0-9A-Za-z][0-9A-Za-z.\-]{0,15}")
MAX_HEADING = 120
MAX_FILE = 256 * 1024


class FrameworkError(ValueError):
    """A standards file that cannot be used, with every problem found."""

    def __init__(self, path: str, problems: list[str]):
        self.path, self.problems = path, problems
        super().__init__(f"{path}: " + "; ".join(problems))


@dataclass(frozen=True)
class Standard:
    """One standard an entry can evidence: its number and a short heading."""

    code: str
    heading: str
    section: str

    @property
    def label(self) -> str:
        return f"{self.code} {self.heading}"


@dataclass(frozen=True)
class Section:
    """A group of standards."""

    number: str
    title: str
    short: str
    standards: tuple[Standard, ...]


@dataclass(frozen=True)
class Framework:
    """A whole framework, with its standards looked up by code."""

    name: str
    source: str
    sections: tuple[Section, ...]

    @property
    def by_code(self) -> dict[str, Standard]:
        return {s.code: s for section in self.sections for s in section.standards}

    def labels(self, codes: list[str]) -> list[str]:
        """Labels for the codes, in the framework's order; unknown codes are kept as written."""
        known = self.by_code
        ordered = [s.label for section in self.sections for s in section.standards
                   if s.code in codes]
        return ordered + [code for code in codes if code not in known]


def parse_framework(text: str, path: str = "standards file") -> Framework:
    """Read and check a framework from YAML text; raise FrameworkError listing every problem."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise FrameworkError(path, [f"it is not valid YAML ({error})"]) from error
    problems: list[str] = []
    if not isinstance(data, dict):
        raise FrameworkError(path, ["it must be a mapping with name and sections"])
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        problems.append("'name' must be some text")
    source = data.get("source", "")
    if not isinstance(source, str):
        problems.append("'source' must be a web address")
    raw_sections = data.get("sections")
    if not isinstance(raw_sections, list) or not raw_sections:
        raise FrameworkError(path, [*problems, "'sections' must be a list of sections"])
    seen: set[str] = set()
    sections = []
    for index, raw in enumerate(raw_sections, start=1):
        where = f"section {index}"
        if not isinstance(raw, dict):
            problems.append(f"{where} must be a mapping")
            continue
        number, title = raw.get("number"), raw.get("title")
        if not isinstance(number, str):
            problems.append(f"{where}: 'number' must be quoted text, such as \"1\"")
            number = str(number)
        if not isinstance(title, str) or not title.strip():
            problems.append(f"{where}: 'title' must be some text")
            title = ""
        short = raw.get("short", title)
        if not isinstance(short, str):
            problems.append(f"{where}: 'short' must be some text")
            short = title
        standards = []
        raw_standards = raw.get("standards")
        if not isinstance(raw_standards, list) or not raw_standards:
            problems.append(f"{where}: 'standards' must be a list of standards")
            raw_standards = []
        for item in raw_standards:
            if not isinstance(item, dict):
                problems.append(f"{where}: each standard must be a mapping with a code")
                continue
            code, heading = item.get("code"), item.get("heading")
            if not isinstance(code, str):
                problems.append(f"{where}: code {code!r} must be quoted, such as \"{code}\" "
                                "(YAML reads an unquoted 1.10 as 1.1)")
                continue
            if not CODE.fullmatch(code):
                problems.append(f"{where}: code {code!r} must be a short number such as 4.6")
                continue
            if code in seen:
                problems.append(f"{where}: code {code} appears twice")
                continue
            seen.add(code)
            if heading is None:
                heading = f"({short})"
            elif not isinstance(heading, str) or len(heading) > MAX_HEADING:
                problems.append(f"{where}: the heading of {code} must be text of at most "
                                f"{MAX_HEADING} characters")
                continue
            standards.append(Standard(code, heading.strip(), number))
        sections.append(Section(number, title.strip(), short.strip(), tuple(standards)))
    if problems:
        raise FrameworkError(path, problems)
    return Framework(name.strip(), source, tuple(sections))


def load_framework(path: str | Path | None = None) -> Framework:
    """Load a framework file (the shipped Social Work England one by default)."""
    path = Path(path) if path else DEFAULT_FILE
    try:
        if path.stat().st_size > MAX_FILE:
            raise FrameworkError(str(path), ["it is larger than 256 KiB"])
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise FrameworkError(str(path), [f"it cannot be read ({error.strerror})"]) from error
    except UnicodeDecodeError as error:
        raise FrameworkError(str(path), ["it is not UTF-8 text"]) from error
    return parse_framework(text, str(path))


def framework() -> Framework:
    """The standards framework in force: CPD_STANDARDS_FILE, else the shipped one; read once."""
    path = current_app.config.get("CPD_STANDARDS_FILE")
    cached = current_app.extensions.get("cpd_framework")
    if cached is None or cached[0] != path:
        cached = (path, load_framework(path))
        current_app.extensions["cpd_framework"] = cached
    return cached[1]

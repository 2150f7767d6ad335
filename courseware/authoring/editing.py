"""What every draft page needs: the draft, its files, module.yaml, and its problems placed."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from html import escape

from flask import abort, url_for
from flask_login import current_user

from courseware.content import validate_package
from courseware.content.markup import TooMuchMarkup
from courseware.content.media import media_problem
from courseware.content.package_edit import ManifestError, read_manifest
from courseware.content.problems import Placed, place_errors
from courseware.content.render import render_markdown
from courseware.domain.module_drafts import draft_files, own_draft, save_files
from courseware.models import Draft

STEP_NAMES = {"lesson": "Lesson", "quiz": "Quiz", "reflection": "Reflection"}
QUESTION_NAMES = {
    "single": "One right answer",
    "multiple": "Choose all that are right",
    "true_false": "True or false",
    "text": "Short typed answer",
}


@dataclass
class Editing:
    """A draft being edited: its files, and module.yaml read for the forms (or why not)."""

    draft: Draft
    files: dict[str, bytes]
    file_ids: dict[str, int]
    manifest: dict | None = None
    unreadable: str = ""
    unreadable_listed: bool = False  # the reason is among the problems listed on the page
    _placed: list[Placed] | None = field(default=None, repr=False)

    @property
    def problems(self) -> list[Placed]:
        """Every validation error (what stops publishing), placed; computed once."""
        return [p for p in self._all() if not p.warning]

    @property
    def warnings(self) -> list[Placed]:
        """Every warning (worth a look, but publishing goes ahead), placed."""
        return [p for p in self._all() if p.warning]

    def _all(self) -> list[Placed]:
        if self._placed is None:
            self.know_errors(validate_package(self.files))
        return self._placed

    def know_errors(self, errors: list) -> None:
        """Take the validator's errors for the current files, so they are not validated again."""
        self._placed = place_errors(errors, self.files)

    def save(self, files: dict[str, bytes]) -> None:
        """Store new files for the draft (not committed) and take them as current."""
        save_files(self.draft, self.files, files)
        self.files = files
        self._placed = None
        try:
            self.manifest, self.unreadable = read_manifest(files), ""
        except ManifestError as error:
            self.manifest, self.unreadable = None, str(error)
            self.unreadable_listed = error.listed

    def media_urls(self) -> dict[str, str]:
        """Each usable picture's path mapped to the URL that serves it in the editor."""
        return {
            path: url_for("authoring.draft_media", draft_id=self.draft.id,
                          sha256=hashlib.sha256(data).hexdigest())
            for path, data in self.files.items()
            if path.startswith("media/") and media_problem(path, data) is None
        }

    def render(self, text: str, base: str) -> str:
        """Markdown rendered and sanitised exactly as publishing would, pictures from the draft;
        over the markup bounds, the reason instead, as a paragraph."""
        try:
            return render_markdown(text, lesson_path=base, media=self.media_urls())
        except TooMuchMarkup as refused:
            return f'<p class="error-message">{escape(str(refused))}</p>'
    def step_title(self, position: int) -> str:
        """'Step 2, “Welcome”' for messages."""
        steps = self.manifest["steps"] if self.manifest else []
        title = steps[position - 1].get("title") if 1 <= position <= len(steps) else None
        return f"Step {position}, “{title}”" if isinstance(title, str) else f"Step {position}"


def draft_or_404(draft_id: int) -> Draft:
    """The draft with this id if the current user may edit it, else 404."""
    draft = own_draft(current_user, draft_id)
    if draft is None:
        abort(404)
    return draft


def editing(draft_id: int) -> Editing:
    """The current user's draft (404 otherwise) with its files and module.yaml."""
    draft = draft_or_404(draft_id)
    ed = Editing(draft, *draft_files(draft))
    try:
        ed.manifest = read_manifest(ed.files)
    except ManifestError as error:
        ed.unreadable, ed.unreadable_listed = str(error), error.listed
    return ed


def file_link(ed: Editing, path: str, line: int = 0) -> str:
    """The URL of a file's line in the file viewer, or of the list of files."""
    file_ids = ed.file_ids
    if path in file_ids:
        anchor = f"#L{line}" if line else ""
        return url_for("authoring.draft_file", draft_id=ed.draft.id, file_id=file_ids[path]) \
            + anchor
    return url_for("authoring.files", draft_id=ed.draft.id)


def problem_links(ed: Editing, problems: list[Placed], local: str = ""):
    """Each problem as (href, text): to the form field that fixes it, or to the file's line.

    local is "step" or "question" (or "module") when the problems are shown on the page of their
    own step, question or module details, so the text need not say which one it is.
    """
    out = []
    draft_id = ed.draft.id
    for p in problems:
        anchor = f"#{p.field}" if p.field else ""
        if p.field and p.step and p.question:
            href = url_for("authoring.question", draft_id=draft_id, position=p.step,
                           qposition=p.question) + anchor
            text = {"question": p.message, "step": f"Question {p.question}: {p.message}"}.get(
                local, f"{ed.step_title(p.step)}, question {p.question}: {p.message}")
        elif p.field == "add-step":
            href = url_for("authoring.draft", draft_id=draft_id) + anchor
            text = p.message
        elif p.field and p.step:
            href = url_for("authoring.step", draft_id=draft_id, position=p.step) + anchor
            text = p.message if local else f"{ed.step_title(p.step)}: {p.message}"
        elif p.field and p.about_module:
            href = url_for("authoring.details", draft_id=draft_id) + anchor
            text = p.message if local else f"Module details: {p.message}"
        else:
            href = file_link(ed, p.path, p.line)
            where = f"{p.path} line {p.line}" if p.line else p.path
            text = f"{where}: {p.message}"
        out.append((href, text))
    return out

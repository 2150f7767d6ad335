"""What several authoring views share: the draft page, answers to a form, and the 404s."""

from __future__ import annotations

from collections import Counter

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from courseware.authoring.editing import STEP_NAMES, Editing, file_link, problem_links
from courseware.authoring.forms import AddStepForm, ButtonForm
from courseware.content.package_edit import MANIFEST, get_step
from courseware.domain.publishing import target_module
from courseware.models import Draft
from courseware.submissions import Outcome


def at_draft(draft: Draft, message: str, category: str = "success") -> Outcome:
    """An outcome that leads to the draft's page with a message."""
    return Outcome(url_for("authoring.draft", draft_id=draft.id), message, category)


def follow(outcome: Outcome):
    """Say what the submission did, on the page it leads to."""
    flash(outcome.message, outcome.category)
    return redirect(outcome.url)


def button_pressed() -> None:
    """A plain button's form was posted with a good CSRF token, else 400."""
    if not ButtonForm().validate_on_submit():
        abort(400)


def invalid_post(form) -> None:
    """A post whose CSRF token is missing or out of date: 400."""
    if request.method == "POST" and form.csrf_token.errors:
        abort(400)


def or_404(found):
    """What was looked up, or 404 when it is not there (or not this trainer's)."""
    if found is None:
        abort(404)
    return found


def confirmed() -> bool:
    """Whether the trainer pressed yes on the page that asks first."""
    return request.form.get("confirm") == "yes"


def ask_first(ed: Editing, heading: str, text: str, yes: str, back: str):
    """The page that asks before something is thrown away; yes posts to this same address."""
    return render_template(
        "authoring/confirm.html", ed=ed, button=ButtonForm(), heading=heading, text=text,
        action=url_for(request.endpoint, **(request.view_args or {})), yes=yes, back=back)


def unreadable(ed: Editing):
    """Send the trainer to the files when the forms cannot read module.yaml."""
    flash(f"The forms cannot read this draft's module.yaml: {ed.unreadable}. Fix the file "
          "itself, or upload a corrected package.", "warning")
    return redirect(url_for("authoring.files", draft_id=ed.draft.id))


def draft_page(ed: Editing, add_form: AddStepForm | None = None, status: int = 200):
    """A draft's page: its steps, its problems and warnings, and the form to add a step."""
    steps = ed.manifest["steps"] if ed.manifest else []
    module, target_problem = target_module(ed.draft, ed.files, current_user)
    return render_template(
        "authoring/draft.html",
        ed=ed,
        steps=steps,
        step_names=STEP_NAMES,
        problems=problem_links(ed, ed.problems),
        warnings=problem_links(ed, ed.warnings),
        step_counts=Counter(p.step for p in ed.problems if p.step),
        target_problem=target_problem,
        module=module,
        add_form=add_form or AddStepForm(formdata=None),
        button=ButtonForm(),
        manifest_link=file_link(ed, MANIFEST, 0),
    ), status


def step_or_404(ed: Editing, position: int) -> dict:
    """The step at this position of the draft's module.yaml, else 404."""
    if ed.manifest is None:
        abort(404)
    step = get_step(ed.manifest, position)
    if step is None:
        abort(404)
    return step


def step_problems(ed: Editing, position: int, question: int | None = None):
    """The problems of one step (or one of its questions), as links for its own page."""
    chosen = [p for p in ed.problems if p.step == position and p.question == question]
    return problem_links(ed, chosen, local="question" if question else "step")

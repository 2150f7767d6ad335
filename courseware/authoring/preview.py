"""Preview: a draft shown exactly as a learner sees it, through the learner's own templates.

The draft is built in memory by the same ``build_module`` that publishing uses, and each page is
rendered with templates/catalogue/module.html and templates/learn/*.html. Those templates make
their links with ``url_for``; the preview passes in its own ``url_for``, which sends the
learner's endpoints to the preview's routes (and every other endpoint to Flask's), so that every
button stays inside the preview. Quizzes are graded by domain/grading.py. Nothing is recorded.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from types import SimpleNamespace

from flask import abort, flash, redirect, render_template, request, url_for

from courseware.authoring import bp
from courseware.authoring.editing import Editing, editing
from courseware.content import build_module, content_hash
from courseware.domain.grading import TamperedAnswer, grade, parse_answers
from courseware.domain.importer import step_rows
from courseware.domain.steps import StepContext, StepView
from courseware.security import role
from courseware.step_forms import QuizForm, ReflectionForm, quiz_page

_BUILT: OrderedDict[tuple[str, str], dict] = OrderedDict()
_KEEP = 16  # built drafts kept in memory, newest used last


def built_draft(ed: Editing) -> dict | None:
    """The draft built as publishing would build it, its pictures served from the draft; None
    when it has problems. Kept by content hash, so an unchanged draft is built once."""
    if ed.problems:
        return None
    prefix = url_for("authoring.draft_media", draft_id=ed.draft.id, sha256="x")[:-1]
    key = (content_hash(ed.files), prefix)
    if key in _BUILT:
        _BUILT.move_to_end(key)
        return _BUILT[key]
    built = build_module(ed.files, media_prefix=prefix)
    _BUILT[key] = built
    while len(_BUILT) > _KEEP:
        _BUILT.popitem(last=False)
    return built


def preview_url_for(draft_id: int) -> Callable[..., str]:
    """A url_for that keeps the learner's templates inside this draft's preview."""
    routes = {
        "learn.step": lambda v: url_for("authoring.preview_step", draft_id=draft_id,
                                        key=v["key"]),
        "learn.submit_quiz": lambda v: url_for("authoring.preview_quiz", draft_id=draft_id,
                                               key=v["key"]),
        "learn.save_reflection": lambda v: url_for("authoring.preview_reflection",
                                                   draft_id=draft_id, key=v["key"]),
        "learn.finish": lambda v: url_for("authoring.preview_end", draft_id=draft_id),
        "learn.start": lambda v: url_for("authoring.preview_start", draft_id=draft_id),
        "learn.resume": lambda v: url_for("authoring.preview_start", draft_id=draft_id),
        "catalogue.module": lambda v: url_for("authoring.preview", draft_id=draft_id),
    }

    def preview_url(endpoint: str, **values) -> str:
        if endpoint in routes:
            return routes[endpoint](values)
        return url_for(endpoint, **values)

    return preview_url


def _steps(built: dict) -> list[StepView]:
    return [StepView(row.position, row.key, row.type, row.title, row.position, row.data)
            for row in step_rows(built)]


def _version(built: dict, steps: list) -> SimpleNamespace:
    return SimpleNamespace(
        title=built["title"], summary=built["summary"], version=built["version"],
        duration_minutes=built["duration_minutes"], level=built["level"], steps=steps,
        outcomes=built["outcomes"], tags=built["tags"], change_note=None, id=None,
        module_slug=built["id"],
    )


def _load(draft_id: int) -> tuple[Editing, dict, list[StepView]]:
    """The draft, built, and its steps; when it cannot be built, back to the draft's page."""
    ed = editing(draft_id)
    built = built_draft(ed)
    if built is None:
        flash("This draft has problems to fix before it can be previewed. They are listed "
              "below.", "warning")
        abort(redirect(url_for("authoring.draft", draft_id=draft_id)))
    return ed, built, _steps(built)


def _step_of(draft_id: int, key: str, kind: str = "") -> tuple[Editing, StepContext]:
    """One step of the built draft as the learner's pages take it; 404 if not of that kind."""
    ed, built, steps = _load(draft_id)
    step = next((s for s in steps if s.key == key), None)
    if step is None or kind and step.type != kind:
        abort(404)
    preview_url = preview_url_for(ed.draft.id)
    ctx = StepContext(SimpleNamespace(id=ed.draft.id), _version(built, steps), steps, step,
                      set(), lambda step_key: preview_url("learn.step", key=step_key))
    return ed, ctx


def _render(editing_: Editing, template: str, **context):
    return render_template(template, url_for=preview_url_for(editing_.draft.id),
                           preview=editing_.draft, **context)


@bp.route("/drafts/<int:draft_id>/preview")
@role("trainer")
def preview(draft_id: int):
    """The module's page as a learner sees it before starting."""
    ed, built, steps = _load(draft_id)
    return _render(ed, "catalogue/module.html", module=SimpleNamespace(slug=built["id"]),
                   version=_version(built, steps), current=None, enrolment=None, done=set())


@bp.route("/drafts/<int:draft_id>/preview/start", methods=["POST"])
@role("trainer")
def preview_start(draft_id: int):
    """'Start this module' in a preview: go to the first step."""
    ed, built, steps = _load(draft_id)
    return redirect(url_for("authoring.preview_step", draft_id=draft_id, key=steps[0].key))


def _step_page(ed: Editing, ctx: StepContext, **extra):
    if ctx.step.type == "quiz":
        extra = quiz_page(ctx.step, f"preview:{ed.draft.id}", 0, None, extra)
    elif ctx.step.type == "reflection":
        extra.setdefault("form", ReflectionForm())
        extra["saved"] = None
    return _render(ed, f"learn/{ctx.step.type}.html", ctx=ctx, **extra)


@bp.route("/drafts/<int:draft_id>/preview/steps/<key>")
@role("trainer")
def preview_step(draft_id: int, key: str):
    """One step as a learner sees it."""
    return _step_page(*_step_of(draft_id, key))


@bp.route("/drafts/<int:draft_id>/preview/steps/<key>/quiz", methods=["POST"])
@role("trainer")
def preview_quiz(draft_id: int, key: str):
    """Grade a quiz in a preview, with the learner's grading; nothing is recorded."""
    ed, ctx = _step_of(draft_id, key, "quiz")
    form = QuizForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        answers, missing = parse_answers(ctx.step.data, request.form)
    except TamperedAnswer:
        abort(400)
    if missing:
        return _step_page(ed, ctx, form=form, answers=answers, missing=missing)
    result = grade(ctx.step.data, answers)
    attempt = SimpleNamespace(passed=result["passed"], score=result["score"], answers=answers)
    results = {r["id"]: r["correct"] for r in result["results"]}
    return _render(ed, "learn/attempt.html", ctx=ctx, attempt=attempt, results=results)


@bp.route("/drafts/<int:draft_id>/preview/steps/<key>/reflection", methods=["POST"])
@role("trainer")
def preview_reflection(draft_id: int, key: str):
    """'Save my reflection' in a preview: nothing is saved; go on to the next step."""
    ed, ctx = _step_of(draft_id, key, "reflection")
    form = ReflectionForm()
    form.validate_on_submit()
    if form.csrf_token.errors:
        abort(400)
    flash("In a preview, reflections are not saved.", "info")
    if ctx.next is None:
        return redirect(url_for("authoring.preview_end", draft_id=draft_id))
    return redirect(url_for("authoring.preview_step", draft_id=draft_id, key=ctx.next.key))


@bp.route("/drafts/<int:draft_id>/preview/end")
@role("trainer")
def preview_end(draft_id: int):
    """The end of a preview: back to the draft, or on to publishing."""
    ed, built, steps = _load(draft_id)
    return _render(ed, "authoring/preview_end.html", ed=ed, title=built["title"],
                   steps=steps)

"""Learner views: thin shells over loading, grading and progress."""

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import exists, func, select

from courseware import clock
from courseware.autosave import saved_message
from courseware.database import about_to_write, reads_first
from courseware.domain.catalogue import published_module_by_slug
from courseware.domain.grading import TamperedAnswer, grade, parse_answers
from courseware.domain.my_learning import my_assignments, my_enrolments
from courseware.domain.progress import (
    complete_step,
    completed_step_ids,
    enrol,
    restart_on_current,
    visit_step,
)
from courseware.domain.steps import StepContext, load_steps, own_enrolment, step_context
from courseware.extensions import db
from courseware.learn import bp
from courseware.models import Enrolment, Module, QuizAttempt, Reflection, TeamManager, TeamMember
from courseware.models.upsert import upsert
from courseware.rescue import restored_formdata, restores
from courseware.security import SIGNED_IN, role
from courseware.step_forms import QuizForm, ReflectionForm, quiz_page


def _open_module(slug: str) -> Module:
    """The published module with this id, open to enrol on (not retired); else 404."""
    module = published_module_by_slug(slug)
    if module is None or module.retired_at is not None:
        abort(404)
    return module


def _own_enrolment(enrolment_id: int) -> Enrolment:
    """The signed-in learner's enrolment with this id; 404 for anyone else's."""
    enrolment = own_enrolment(current_user.id, enrolment_id)
    if enrolment is None:
        abort(404)
    return enrolment


def _step(enrolment_id: int, key: str, kind: str | None = None) -> StepContext:
    """The signed-in learner's step (of this type, if given); 404 for anyone else's."""
    ctx = step_context(current_user.id, enrolment_id, key)
    if ctx is None or kind not in (None, ctx.step.type):
        abort(404)
    return ctx


@bp.route("/modules/<slug>/start", methods=["POST"])
@role(SIGNED_IN)
def start(slug: str):
    """Enrol on the module's current version and go to the right step."""
    enrolment = enrol(current_user, _open_module(slug))
    db.session.commit()
    return redirect(url_for("learn.resume", enrolment_id=enrolment.id))


@bp.route("/modules/<slug>/restart", methods=["POST"])
@role(SIGNED_IN)
def restart(slug: str):
    """Start again on the module's newest version; the older enrolment and its records stay."""
    enrolment = restart_on_current(current_user, _open_module(slug))
    db.session.commit()
    flash(f"You have started version {enrolment.module_version.version}. Your progress on the "
          "older version is kept in My learning.", "success")
    return redirect(url_for("learn.resume", enrolment_id=enrolment.id))


@bp.route("/learn/<int:enrolment_id>")
@role(SIGNED_IN)
def resume(enrolment_id: int):
    """Continue where the learner left off: the last step visited, else the first not done."""
    enrolment = _own_enrolment(enrolment_id)
    steps = load_steps(enrolment)
    target = next((s for s in steps if s.id == enrolment.last_step_id), None)
    if target is None:
        done = completed_step_ids(enrolment)
        target = next((s for s in steps if s.id not in done), steps[0])
    return redirect(url_for("learn.step", enrolment_id=enrolment.id, key=target.key))


@bp.route("/learn/<int:enrolment_id>/steps/<key>")
@role(SIGNED_IN)
def step(enrolment_id: int, key: str):
    """Show one step."""
    ctx = _step(enrolment_id, key)
    visit_step(ctx.enrolment, ctx.step, ctx.done)
    return render_step(ctx)


def render_step(ctx, **extra):
    """Render a step page of any type."""
    template = f"learn/{ctx.step.type}.html"
    if ctx.step.type == "quiz":
        count, best, has_manager = db.session.execute(
            select(func.count(QuizAttempt.id), func.max(QuizAttempt.score),
                   _has_manager(ctx.enrolment.user_id)).where(
                QuizAttempt.enrolment_id == ctx.enrolment.id,
                QuizAttempt.step_id == ctx.step.id,
            )
        ).one()
        extra = quiz_page(ctx.step, f"{ctx.enrolment.id}:{count}", count, best, extra)
        extra["has_manager"] = bool(has_manager)
    elif ctx.step.type == "reflection" and "form" not in extra:
        saved = db.session.scalar(
            select(Reflection).where(
                Reflection.enrolment_id == ctx.enrolment.id, Reflection.step_id == ctx.step.id
            )
        )
        kept = restored_formdata()  # words kept from a form that could not be saved
        extra["form"] = ReflectionForm(formdata=kept) if kept is not None \
            else ReflectionForm(text=saved.text if saved else "")
        extra["saved"] = saved
    return render_template(template, ctx=ctx, **extra)


def _has_manager(user_id: int):
    """A condition: the learner is in a team that has a manager."""
    managed = exists().where(TeamManager.team_id == TeamMember.team_id)
    return exists().where(TeamMember.user_id == user_id, managed).label("has_manager")


@bp.route("/learn/<int:enrolment_id>/steps/<key>/quiz", methods=["POST"])
@role(SIGNED_IN)
@reads_first
def submit_quiz(enrolment_id: int, key: str):
    """Grade a quiz attempt on the server and store it."""
    ctx = _step(enrolment_id, key, "quiz")
    form = QuizForm()
    if not form.validate_on_submit():
        abort(400)
    quiz = ctx.step.data
    try:
        answers, missing = parse_answers(quiz, request.form)
    except TamperedAnswer:
        abort(400)
    if missing:
        return render_step(ctx, form=form, answers=answers, missing=missing)
    result = grade(quiz, answers)
    about_to_write()  # a new attempt, and completion that checks again under the lock
    attempt = QuizAttempt(
        enrolment_id=ctx.enrolment.id,
        step_id=ctx.step.id,
        user_id=current_user.id,
        answers=answers,
        results=result["results"],
        score=result["score"],
        passed=result["passed"],
    )
    db.session.add(attempt)
    if result["passed"]:
        db.session.flush()
        complete_step(ctx.enrolment, ctx.step)
    db.session.commit()
    return redirect(
        url_for("learn.attempt", enrolment_id=enrolment_id, key=key, attempt_id=attempt.id)
    )


@bp.route("/learn/<int:enrolment_id>/steps/<key>/attempts/<int:attempt_id>")
@role(SIGNED_IN)
def attempt(enrolment_id: int, key: str, attempt_id: int):
    """Show a graded attempt: score, pass or not, and feedback for every question."""
    ctx = _step(enrolment_id, key)
    item = db.session.scalar(
        select(QuizAttempt).where(
            QuizAttempt.id == attempt_id,
            QuizAttempt.enrolment_id == ctx.enrolment.id,
            QuizAttempt.step_id == ctx.step.id,
        )
    )
    if item is None:
        abort(404)
    results = {r["id"]: r["correct"] for r in item.results}
    return render_template("learn/attempt.html", ctx=ctx, attempt=item, results=results)


@bp.route("/learn/<int:enrolment_id>/steps/<key>/reflection", methods=["POST"])
@role(SIGNED_IN)
def save_reflection(enrolment_id: int, key: str):
    """Save the learner's reflection; the step is complete once it is long enough."""
    ctx = _step(enrolment_id, key, "reflection")
    form = ReflectionForm()
    if not form.validate_on_submit():
        if form.csrf_token.errors:
            abort(400)
        return render_step(ctx, form=form, saved=None)
    words = _keep_reflection(ctx, form, clock.now())
    min_words = ctx.step.data.get("min_words", 0) or 0
    enough = words >= min_words and words > 0
    if enough:
        complete_step(ctx.enrolment, ctx.step)
    db.session.commit()
    if enough:
        flash("Your reflection is saved. Only you can see it.", "success")
        target = ctx.next
        if target is None:
            return redirect(url_for("learn.finish", enrolment_id=enrolment_id))
        return redirect(url_for("learn.step", enrolment_id=enrolment_id, key=target.key))
    flash(
        f"Your reflection is saved, but this step needs at least {min_words} words and you "
        f"have written {words}. Add a little more and save again.",
        "warning",
    )
    return redirect(url_for("learn.step", enrolment_id=enrolment_id, key=key))


@bp.route("/learn/<int:enrolment_id>/steps/<key>/reflection/autosave", methods=["POST"])
@role(SIGNED_IN)
def autosave_reflection(enrolment_id: int, key: str):
    """Save the reflection while it is typed (JavaScript); the step waits for its Save."""
    ctx = _step(enrolment_id, key, "reflection")
    form = ReflectionForm()
    if not form.validate():
        return jsonify(error="Not saved automatically", detail=form.text.errors[0]
                       if form.text.errors else "Press the button to save."), 422
    now = clock.now()
    _keep_reflection(ctx, form, now)
    db.session.commit()
    return jsonify(saved=True, message=saved_message(now))


def _keep_reflection(ctx, form: ReflectionForm, now) -> int:
    """Store the reflection's words (one row however many saves race: the last one's words win);
    how many words it has."""
    text = (form.text.data or "").strip()
    words = len(text.split())
    upsert(Reflection, ["enrolment_id", "step_id"], enrolment_id=ctx.enrolment.id,
           step_id=ctx.step.id, user_id=current_user.id, text=text, word_count=words,
           updated_at=now)
    return words


restores("learn.save_reflection",
         lambda enrolment_id, key: url_for("learn.step", enrolment_id=enrolment_id, key=key))


@bp.route("/learn/<int:enrolment_id>/finish")
@role(SIGNED_IN)
def finish(enrolment_id: int):
    """The end of a module: completed, or what is left to do."""
    enrolment = _own_enrolment(enrolment_id)
    steps = load_steps(enrolment)
    done = completed_step_ids(enrolment)
    return render_template(
        "learn/finish.html",
        enrolment=enrolment,
        version=enrolment.module_version,
        steps=steps,
        done=done,
        remaining=[s for s in steps if s.id not in done],
        has_reflection=any(s.type == "reflection" for s in steps),
    )


@bp.route("/my-learning")
@role(SIGNED_IN)
def my_learning():
    """Modules assigned to the learner first, then those in progress and completed."""
    rows = my_enrolments(current_user)
    assigned = my_assignments(current_user, clock.today())
    assigned_ids = {a.module_id for a in assigned}
    return render_template(
        "learn/my_learning.html",
        assigned=assigned,
        assigned_started=sum(1 for a in assigned if a.enrolment_id),
        in_progress=[r for r in rows if r.enrolment.completed_at is None
                     and r.enrolment.module_id not in assigned_ids],
        completed=[r for r in rows if r.enrolment.completed_at is not None],
    )

"""A quiz's settings and its questions: add, edit, move and remove them."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from courseware.authoring import bp
from courseware.authoring.editing import QUESTION_NAMES, Editing, editing, file_link, problem_links
from courseware.authoring.forms import (
    MAX_CHOICES,
    AddQuestionForm,
    ButtonForm,
    QuestionForm,
    QuizSettingsForm,
)
from courseware.authoring.pages import (
    ask_first,
    button_pressed,
    confirmed,
    follow,
    invalid_post,
    step_or_404,
    step_problems,
)
from courseware.content.package_edit import (
    MANIFEST,
    ManifestError,
    clean_text,
    move_item,
    new_question,
    put_quiz,
    quiz_source,
)
from courseware.content.question_edit import apply_question_form, question_form_data
from courseware.extensions import db
from courseware.rescue import filled_form
from courseware.security import role
from courseware.submissions import Outcome, once


def _quiz_holder(ed: Editing, position: int, step_data: dict):
    try:
        return quiz_source(ed.files, step_data)
    except ManifestError as error:
        flash(f"The forms cannot read this quiz: {error}. Fix the file itself.", "warning")
        return None, None


def quiz_settings(ed: Editing, position: int, step_data: dict):
    """A quiz step's page: its title, pass mark and shuffle, and its list of questions."""
    holder, quiz_file = _quiz_holder(ed, position, step_data)
    if holder is None:
        return redirect(url_for("authoring.files", draft_id=ed.draft.id))
    pass_mark = holder.get("pass_mark")
    defaults = {
        "title": step_data.get("title") or "",
        "pass_mark": pass_mark if isinstance(pass_mark, int) else None,
        "shuffle": holder.get("shuffle") is True,
    }
    form = filled_form(QuizSettingsForm, data=defaults)
    if form.validate_on_submit():
        step_data["title"] = clean_text(form.title.data)
        holder["pass_mark"] = form.pass_mark.data
        holder["shuffle"] = True if form.shuffle.data else None
        ed.save(put_quiz(ed.files, ed.manifest, holder, quiz_file))
        db.session.commit()
        flash("The quiz's settings are saved.", "success")
        return redirect(url_for("authoring.step", draft_id=ed.draft.id, position=position))
    invalid_post(form)
    return _quiz_page(ed, position, holder, form)


def _quiz_page(ed, position, holder, form=None, add_form=None, status=None):
    questions = [q if isinstance(q, dict) else {} for q in holder.get("questions", [])]
    form = form or QuizSettingsForm(formdata=None)
    add_form = add_form or AddQuestionForm(formdata=None)
    problems = [p for p in ed.problems if p.step == position]
    return render_template(
        "authoring/quiz.html", ed=ed, position=position, form=form, add_form=add_form,
        questions=questions, question_names=QUESTION_NAMES, button=ButtonForm(),
        problems=problem_links(ed, problems, local="step"),
        flagged={p.question for p in problems if p.question},
    ), status or (422 if form.errors or add_form.errors else 200)


def _quiz_context(draft_id: int, position: int):
    ed = editing(draft_id)
    step_data = step_or_404(ed, position)
    if step_data.get("type") != "quiz":
        abort(404)
    holder, quiz_file = _quiz_holder(ed, position, step_data)
    if holder is None:
        abort(404)
    return ed, step_data, holder, quiz_file


@bp.route("/drafts/<int:draft_id>/steps/<int:position>/questions", methods=["POST"])
@role("trainer")
def add_question(draft_id: int, position: int):
    """Add a question of the chosen kind at the end of the quiz."""
    ed, _, holder, quiz_file = _quiz_context(draft_id, position)
    form = AddQuestionForm()
    if not form.validate_on_submit():
        if form.csrf_token.errors:
            abort(400)
        return _quiz_page(ed, position, holder, add_form=form)

    def make() -> Outcome:
        questions = holder["questions"]
        questions.append(new_question(form.question_type.data, questions))
        ed.save(put_quiz(ed.files, ed.manifest, holder, quiz_file))
        return Outcome(url_for("authoring.question", draft_id=draft_id, position=position,
                               qposition=len(questions)),
                       f"Question {len(questions)} is added. Fill it in, then save.")

    return follow(once(form.submission.data, current_user.id, make))  # pressed twice: one


def _question_or_404(holder: dict, qposition: int) -> dict:
    questions = holder["questions"]
    if not 1 <= qposition <= len(questions) or not isinstance(questions[qposition - 1], dict):
        abort(404)
    return questions[qposition - 1]


def _question_context(draft_id: int, position: int, qposition: int):
    ed, _, holder, quiz_file = _quiz_context(draft_id, position)
    _question_or_404(holder, qposition)
    return ed, holder, quiz_file


@bp.route("/drafts/<int:draft_id>/steps/<int:position>/questions/<int:qposition>",
          methods=["GET", "POST"])
@role("trainer")
def question(draft_id: int, position: int, qposition: int):
    """Edit one question of a quiz."""
    ed, step_data, holder, quiz_file = _quiz_context(draft_id, position)
    q = _question_or_404(holder, qposition)
    kind = q.get("type")
    if kind not in QUESTION_NAMES:
        flash(f"Question {qposition} has no type the forms know, so fix it in the file.",
              "warning")
        return redirect(file_link(ed, quiz_file or MANIFEST))
    form = QuestionForm(data=question_form_data(q, MAX_CHOICES))
    if form.validate_on_submit():
        apply_question_form(q, form.data)
        ed.save(put_quiz(ed.files, ed.manifest, holder, quiz_file))
        db.session.commit()
        flash(f"Question {qposition} is saved.", "success")
        return redirect(url_for("authoring.question", draft_id=draft_id, position=position,
                                qposition=qposition))
    invalid_post(form)
    return render_template(
        "authoring/question.html", ed=ed, position=position, qposition=qposition, form=form,
        kind=kind, kind_name=QUESTION_NAMES[kind], quiz_title=step_data.get("title") or "",
        count=len(holder["questions"]),
        problems=step_problems(ed, position, qposition),
    ), (422 if form.errors else 200)


@bp.route("/drafts/<int:draft_id>/steps/<int:position>/questions/<int:qposition>/move",
          methods=["POST"])
@role("trainer")
def move_question(draft_id: int, position: int, qposition: int):
    """Move a question up or down one place."""
    button_pressed()
    ed, holder, quiz_file = _question_context(draft_id, position, qposition)
    direction = request.form.get("direction")
    if direction in ("up", "down") and move_item(holder["questions"], qposition, direction):
        ed.save(put_quiz(ed.files, ed.manifest, holder, quiz_file))
        db.session.commit()
        flash(f"Question {qposition} moved {direction}.", "success")
        qposition += -1 if direction == "up" else 1
    return redirect(url_for("authoring.step", draft_id=draft_id, position=position)
                    + f"#question-{qposition}")


@bp.route("/drafts/<int:draft_id>/steps/<int:position>/questions/<int:qposition>/remove",
          methods=["POST"])
@role("trainer")
def remove_question(draft_id: int, position: int, qposition: int):
    """Remove a question from a quiz, after asking."""
    button_pressed()
    ed, holder, quiz_file = _question_context(draft_id, position, qposition)
    back = url_for("authoring.step", draft_id=draft_id, position=position)
    if not confirmed():
        return ask_first(ed, f"Remove question {qposition}?", "The question, its choices and "
                         "its feedback will be gone from this draft.",
                         "Yes, remove this question", back)
    holder["questions"].pop(qposition - 1)
    ed.save(put_quiz(ed.files, ed.manifest, holder, quiz_file))
    db.session.commit()
    flash(f"Question {qposition} is removed.", "success")
    return redirect(back)



"""A quiz question as its editing form shows it, and the form's answers put back into it."""

from __future__ import annotations

from typing import Any

from courseware.content.package_edit import clean_text, lines_of

CHOICE_KINDS = ("single", "multiple")
BLANK_CHOICE = {"text": "", "correct": False, "feedback": ""}


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def question_form_data(question: dict, max_choices: int) -> dict:
    """The form's fields for a question; choice questions get blank rows to fill, at least four
    rows and two more than they have, at most max_choices."""
    choices = [c for c in question.get("choices") or [] if isinstance(c, dict)]
    rows = [{"text": _text(c.get("text")), "correct": c.get("correct") is True,
             "feedback": _text(c.get("feedback"))} for c in choices]
    if question.get("type") in CHOICE_KINDS:
        rows += [BLANK_CHOICE] * (min(max_choices, max(len(rows) + 2, 4)) - len(rows))
    return {
        "prompt": _text(question.get("prompt")),
        "explanation": _text(question.get("explanation")),
        "choices": rows,
        "answer": {True: "true", False: "false"}.get(question.get("answer")),
        "accept": "\n".join(str(a) for a in question.get("accept") or [] if isinstance(a, str)),
    }


def apply_question_form(question: dict, data: dict) -> None:
    """Put the form's answers into the question (in place): the fields its type uses."""
    kind = question.get("type")
    question["prompt"] = clean_text(data["prompt"])
    question["explanation"] = clean_text(data["explanation"])
    if kind in CHOICE_KINDS:
        question["choices"] = [
            {"text": clean_text(row["text"]), "correct": True if row["correct"] else None,
             "feedback": clean_text(row["feedback"])}
            for row in data["choices"] if clean_text(row["text"])
        ]
    elif kind == "true_false":
        question["answer"] = data["answer"] == "true" if data["answer"] else None
    else:
        question["accept"] = lines_of(data["accept"])

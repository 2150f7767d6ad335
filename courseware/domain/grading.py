"""Quiz grading: plain functions over the quiz data stored with a step."""

import random
from collections.abc import Mapping

from courseware.content import normalise_text_answer
from courseware.numbers import whole_number

MAX_TEXT_ANSWER = 200


class TamperedAnswer(ValueError):
    """A submitted value no honest form could have sent."""


def field_name(question_id: str) -> str:
    """The form field that carries a question's answer."""
    return f"q-{question_id}"


def choice_order(question: dict, seed: str, shuffle: bool) -> list[int]:
    """The order to show a question's choices in: shuffled per attempt when asked."""
    order = list(range(len(question.get("choices", []))))
    if shuffle:
        random.Random(f"{seed}:{question['id']}").shuffle(order)
    return order


def parse_answers(quiz: dict, form: Mapping) -> tuple[dict, list[str]]:
    """Read answers from submitted form data; return them and the ids of unanswered questions.

    `form` is a werkzeug MultiDict (or anything with getlist). Raises TamperedAnswer for values
    that the quiz form could not have produced.
    """
    answers: dict = {}
    missing: list[str] = []
    for question in quiz["questions"]:
        values = [v for v in form.getlist(field_name(question["id"])) if v != ""]
        kind = question["type"]
        if kind == "text":
            text = values[0].strip() if values else ""
            if len(text) > MAX_TEXT_ANSWER:
                raise TamperedAnswer(question["id"])
            if text:
                answers[question["id"]] = text
        elif kind == "true_false":
            if len(values) > 1 or (values and values[0] not in ("true", "false")):
                raise TamperedAnswer(question["id"])
            if values:
                answers[question["id"]] = values[0] == "true"
        else:
            picked = _choice_indexes(values, len(question["choices"]))
            if kind == "single" and len(picked) > 1:
                raise TamperedAnswer(question["id"])
            if picked:
                answers[question["id"]] = picked[0] if kind == "single" else picked
        if question["id"] not in answers:
            missing.append(question["id"])
    return answers, missing


def _choice_indexes(values: list[str], count: int) -> list[int]:
    picked = []
    for value in values:
        index = whole_number(value, high=count - 1)
        if index is None:
            raise TamperedAnswer(value)
        if index not in picked:
            picked.append(index)
    return sorted(picked)


def is_correct(question: dict, answer) -> bool:
    """Whether one answer is right."""
    kind = question["type"]
    if answer is None:
        return False
    if kind == "single":
        return bool(question["choices"][answer]["correct"])
    if kind == "multiple":
        right = [i for i, choice in enumerate(question["choices"]) if choice["correct"]]
        return sorted(answer) == right
    if kind == "true_false":
        return answer is question["answer"]
    accepted = {normalise_text_answer(text) for text in question["accept"]}
    return normalise_text_answer(answer) in accepted


def grade(quiz: dict, answers: dict) -> dict:
    """Score a set of answers: percent right, passed or not, and each question's result."""
    results = [
        {"id": q["id"], "correct": is_correct(q, answers.get(q["id"]))} for q in quiz["questions"]
    ]
    right = sum(result["correct"] for result in results)
    score = (100 * right) // len(results) if results else 0
    return {"score": score, "passed": score >= quiz["pass_mark"], "results": results}

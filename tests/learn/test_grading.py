"""Quiz grading as plain functions, without a request."""

import pytest
from werkzeug.datastructures import MultiDict

from courseware.domain.grading import TamperedAnswer, choice_order, grade, parse_answers

QUIZ = {
    "pass_mark": 75,
    "questions": [
        {"id": "q1", "type": "single", "choices": [{"text": "a", "correct": True},
                                                    {"text": "b", "correct": False}]},
        {"id": "q2", "type": "multiple", "choices": [{"text": "a", "correct": True},
                                                      {"text": "b", "correct": True},
                                                      {"text": "c", "correct": False}]},
        {"id": "q3", "type": "true_false", "answer": False},
        {"id": "q4", "type": "text", "accept": ["#", "Hash sign"]},
    ],
}


def form(**values):
    data = MultiDict()
    for key, value in values.items():
        for item in value if isinstance(value, list) else [value]:
            data.add(f"q-{key}", item)
    return data


def test_all_right_scores_100_and_passes():
    data = form(q1="0", q2=["0", "1"], q3="false", q4="  hash   SIGN ")
    answers, missing = parse_answers(QUIZ, data)
    assert missing == []
    result = grade(QUIZ, answers)
    assert result["score"] == 100 and result["passed"]
    assert all(r["correct"] for r in result["results"])


def test_multiple_needs_exactly_the_right_set():
    answers, _ = parse_answers(QUIZ, form(q1="0", q2=["0"], q3="false", q4="#"))
    result = grade(QUIZ, answers)
    assert result["score"] == 75 and result["passed"]
    assert [r["correct"] for r in result["results"]] == [True, False, True, True]
    answers, _ = parse_answers(QUIZ, form(q1="0", q2=["0", "1", "2"], q3="false", q4="#"))
    assert grade(QUIZ, answers)["results"][1]["correct"] is False


def test_below_pass_mark_fails():
    answers, _ = parse_answers(QUIZ, form(q1="1", q2=["2"], q3="true", q4="#"))
    result = grade(QUIZ, answers)
    assert result["score"] == 25 and not result["passed"]


def test_unanswered_questions_are_reported():
    answers, missing = parse_answers(QUIZ, form(q1="0", q4="   "))
    assert missing == ["q2", "q3", "q4"]
    assert answers == {"q1": 0}


@pytest.mark.parametrize(
    "values",
    [
        {"q1": "7"},
        {"q1": "-1"},
        {"q1": "abc"},
        {"q1": ["0", "1"]},
        {"q3": "maybe"},
        {"q3": ["true", "false"]},
        {"q4": "x" * 201},
    ],
)
def test_tampered_values_are_refused(values):
    with pytest.raises(TamperedAnswer):
        parse_answers(QUIZ, form(**values))


def test_shuffle_is_stable_per_seed_and_varies_between_attempts():
    question = {"id": "q", "choices": [{"text": str(i)} for i in range(8)]}
    assert choice_order(question, "1:0", shuffle=False) == list(range(8))
    first = choice_order(question, "1:0", shuffle=True)
    assert first == choice_order(question, "1:0", shuffle=True)
    assert sorted(first) == list(range(8))
    others = {tuple(choice_order(question, f"1:{n}", shuffle=True)) for n in range(1, 6)}
    assert len(others | {tuple(first)}) > 1

"""Forms for learners."""

from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import Length

from courseware.domain.grading import choice_order

MAX_REFLECTION = 20_000


class ReflectionForm(FlaskForm):
    """A learner's reflection, in their own words."""

    text = TextAreaField(
        "Your reflection",
        validators=[Length(max=MAX_REFLECTION, message="Keep your reflection under 20,000 "
                           "characters. Nothing has been saved yet: shorten it and save again.")],
    )


class QuizForm(FlaskForm):
    """Carries only the CSRF token: the questions are read from the quiz itself."""


def quiz_page(step, seed: str, attempts: int, best: int | None, given: dict) -> dict:
    """What a quiz page shows beside its step, for the learner's pages and the preview alike."""
    shuffle = step.data.get("shuffle", False)
    orders = {q["id"]: choice_order(q, seed, shuffle) for q in step.data["questions"]}
    return {"form": QuizForm(), "answers": {}, "missing": [], **given,
            "orders": orders, "attempt_count": attempts, "best": best}

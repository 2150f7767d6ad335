"""Forms for learners."""

from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import Length

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

"""Forms for the CPD record."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    DateField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    InputRequired,
    Length,
    Optional,
    StopValidation,
    ValidationError,
)

from courseware.cpd.duration import MAX_MINUTES, NOT_A_TIME, TOO_LONG, parse_time_spent
from courseware.cpd.entries import TYPES
from courseware.submissions import SubmissionField

MAX_TEXT = 10_000


def _long(name: str) -> Length:
    return Length(max=MAX_TEXT, message=f"Keep {name} under {MAX_TEXT:,} characters. Nothing has "
                  "been saved yet: shorten it and save again.")


DATE_MESSAGE = "Enter the date as day, month and year, for example 14 March 2026."


class DayField(DateField):
    """A date whose error says, in plain words, how to write one."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(DATE_MESSAGE) from error


TIME_MESSAGES = {
    "hours": {
        NOT_A_TIME: "Enter the time as you would say it, for example 2.5, 2:30 or 2 hours 30 "
                    "minutes.",
        TOO_LONG: "Enter a time of 500 hours or less. For a longer course, record each part as "
                  "an entry of its own.",
    },
    "minutes": {
        NOT_A_TIME: "Enter the minutes as a number, for example 30, or leave this box empty.",
        TOO_LONG: "Enter a time of 500 hours or less. For a longer course, record each part as "
                  "an entry of its own.",
    },
}


class TimeSpentField(StringField):
    """Hours or minutes, written as people write them; data is the minutes, or None."""

    def __init__(self, label=None, bare_unit: str = "hours", **kwargs):
        super().__init__(label, **kwargs)
        self.bare_unit = bare_unit
        self.problem: str | None = None

    def process_formdata(self, valuelist):
        if valuelist:
            self.data, self.problem = parse_time_spent(valuelist[0], self.bare_unit)

    def pre_validate(self, form):
        if self.problem:  # one message, and no other check after it
            raise StopValidation(TIME_MESSAGES[self.bare_unit][self.problem])

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        if self.data is None:
            return ""
        return str(self.data // 60 if self.bare_unit == "hours" else self.data)


class StandardsField(SelectMultipleField):
    """Tick boxes of standards; anything not in the framework is refused in plain words."""

    def pre_validate(self, form):
        known = {choice.value for choice in self.choices}
        if any(value not in known for value in self.data or []):
            raise ValidationError("Choose standards from the list. One you ticked is no longer in "
                             "the framework: untick it and save again.")


class EntryForm(FlaskForm):
    """One CPD entry, in the regulator's order; every field but the title may wait for later."""

    activity_type = SelectField(
        "Type of activity",
        choices=[SelectChoice("", "Choose one")]
        + [SelectChoice(key, label) for key, label in TYPES.items()],
        validators=[Optional()],
    )
    title = StringField(
        "Title",
        description="A few words you will recognise later, for example “Live tweets from the "
        "#SWDay workshop on hoarding”.",
        validators=[InputRequired("Give the activity a title, so that you can find it later."),
                    Length(max=200, message="Keep the title under 200 characters.")],
    )
    activity_date = DayField(
        "Date of the activity",
        description="The day it happened, or the last day if it ran over several days.",
        validators=[Optional()],
    )
    hours = TimeSpentField("Hours")
    minutes = TimeSpentField("Minutes", bare_unit="minutes")
    description = TextAreaField(
        "What was the activity, and why is it relevant to your practice?",
        description="What happened, or what did you read, watch or discuss? Why did you choose "
        "it?",
        validators=[_long("the description")],
    )
    learning = TextAreaField(
        "What did you learn?",
        description="Something new, something you now understand better, or something that "
        "made you think again.",
        validators=[_long("what you learnt")],
    )
    impact_on_practice = TextAreaField(
        "How has it changed, or how will it change, your practice?",
        description="What will you do differently? Even a small change counts.",
        validators=[_long("the impact on your practice")],
    )
    impact_on_people = TextAreaField(
        "What difference does it make to the people you work with?",
        description="Think of the people, families and communities you support, and your "
        "colleagues.",
        validators=[_long("the difference it makes")],
    )
    peer_name = StringField(
        "Who did you reflect with?",
        description="Their name. You can leave this part empty if you did not reflect with "
        "anyone.",
        validators=[Length(max=120, message="Keep the name under 120 characters.")],
    )
    peer_role = StringField(
        "Their role",
        description="For example: team manager, social worker in another team, practice "
        "educator.",
        validators=[Length(max=120, message="Keep the role under 120 characters.")],
    )
    peer_date = DayField("Date of the discussion", validators=[Optional()])
    peer_learning = TextAreaField(
        "What did you learn from the discussion?",
        description="What did they notice, ask or suggest that you had not thought of?",
        validators=[_long("what you learnt from the discussion")],
    )
    standards = StandardsField("Professional standards", choices=[])
    links = TextAreaField(
        "Links to evidence",
        description="Web addresses, one on each line, starting with https://. For example, the "
        "page of the event or of its hashtag.",
        validators=[Length(max=MAX_TEXT, message="That is too many links. Keep the most "
                           "useful ones.")],
    )
    finish = SubmitField("Save and finish")
    save_draft = SubmitField("Save as a draft")

    def time_spent(self) -> int | None:
        """The hours and minutes boxes together, in minutes; None when both are empty."""
        parts = [f.data for f in (self.hours, self.minutes) if f.data is not None]
        return sum(parts) if parts else None

    def validate_hours(self, field) -> None:
        """Both boxes together may not pass the longest time an entry can have."""
        total = self.time_spent()
        if total is not None and total > MAX_MINUTES:
            raise ValidationError(TIME_MESSAGES["hours"][TOO_LONG])


class NewEntryForm(EntryForm):
    """A new entry: sent twice (a double click), it still makes one entry."""

    submission = SubmissionField()


class UploadForm(FlaskForm):
    """One file of evidence; sent twice, it is added once."""

    submission = SubmissionField()

    file = FileField(
        "Choose a file",
        description="A PDF, or a picture (PNG, JPEG, GIF or WebP), up to 5 MB. For example a "
        "certificate, or a screenshot of a post you learnt from.",
    )


class ConfirmForm(FlaskForm):
    """A button with its CSRF token: delete, remove, share or withdraw."""

"""Forms for writing modules in the browser. Every field has a size limit."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional, Regexp

from courseware.authoring.limits import PICTURE_WORDS
from courseware.content.format import MAX_CHOICES
from courseware.content.package import LESSON_CAP
from courseware.content.text import slugify
from courseware.domain.catalogue import any_module_by_slug
from courseware.domain.module_drafts import may_manage
from courseware.models import Draft, User
from courseware.numbers import whole_number
from courseware.submissions import SubmissionField

SLUG_MESSAGE = ("Use only lowercase letters, numbers and hyphens, such as "
                "“safeguarding-basics”, at most 64 characters.")
MAX_MARKDOWN = 20_000  # a prompt, feedback or explanation


class WholeNumberField(IntegerField):
    """A whole number written with the digits 0 to 9 (spaces round it are fine)."""

    def process_formdata(self, valuelist: list) -> None:
        """Read the number through the one parser of request numbers."""
        if not valuelist:
            return
        self.data = whole_number(str(valuelist[0]).strip())
        if self.data is None:
            raise ValueError("Write a whole number using the digits 0 to 9, such as 30.")


def _whole(low: int, high: int, what: str) -> list:
    return [Optional(), NumberRange(low, high, f"{what} must be a whole number from {low} to "
                                               f"{high}.")]


def _title(what: str) -> StringField:
    return StringField("Title", validators=[
        InputRequired(f"Give the {what} a title."),
        Length(max=120, message="Keep the title under 120 characters.")])


def _markdown(label: str, what: str, required: str = "", description: str = "") -> TextAreaField:
    needed = [InputRequired(required)] if required else []
    return TextAreaField(label, description=description, validators=[
        *needed, Length(max=MAX_MARKDOWN, message=f"Keep the {what} under 20,000 characters.")])


class ModuleForm(FlaskForm):
    """A module's details: everything in module.yaml except its steps."""

    title = _title("module")
    module_id = StringField(
        "Module id",
        validators=[Optional(),
                    Regexp(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$", message=SLUG_MESSAGE)],
    )
    summary = TextAreaField(
        "Summary",
        description="One or two sentences that tell a learner what the module is about.",
        validators=[InputRequired("Write a short summary."),
                    Length(max=400, message="Keep the summary under 400 characters.")],
    )
    duration_minutes = WholeNumberField(
        "How long it takes, in minutes",
        description="The CPD time a learner is credited with.",
        validators=[InputRequired("Say how many minutes the module takes, such as 30."),
                    NumberRange(1, 600, "The time must be from 1 to 600 minutes.")],
    )
    level = SelectField(
        "Level",
        choices=[SelectChoice("beginner", "Beginner"),
                 SelectChoice("intermediate", "Intermediate"),
                 SelectChoice("advanced", "Advanced")],
    )
    outcomes = TextAreaField(
        "What learners will be able to do",
        description="One on each line, such as “Explain what a hashtag is”.",
        validators=[Length(max=4000, message="Keep the outcomes under 4,000 characters.")],
    )
    tags = StringField(
        "Topics",
        description="Words learners may search for, separated by commas.",
        validators=[Length(max=500, message="Keep the topics under 500 characters.")],
    )
    pass_mark = WholeNumberField(
        "Pass mark for quizzes, in percent",
        description="Leave empty for 80%. Each quiz can set its own.",
        validators=_whole(0, 100, "The pass mark"),
    )
    certificate_enabled = BooleanField("Learners get a certificate when they finish")
    valid_for_days = WholeNumberField(
        "Certificate valid for, in days",
        description="Leave empty if the certificate does not expire.",
        validators=_whole(1, 36500, "The number of days"),
    )

    # Set by the view, for the check that the module id is free.
    author: User | None = None  # who is writing
    draft: Draft | None = None  # the draft whose details these are (None: a new module)
    kept_id: object = None  # that draft's id in module.yaml
    last_resort = ""  # the id when neither the form nor the title gives one

    def chosen_id(self):
        """The module id these details give: as written, else the draft's, else from the title."""
        return (self.module_id.data or self.kept_id or slugify(self.title.data or "")
                or self.last_resort)

    def validate(self, extra_validators=None) -> bool:
        """Every field's own checks, then that the chosen module id is free for the author."""
        if not super().validate(extra_validators):
            return False
        existing = any_module_by_slug(self.chosen_id())
        if existing is None or (self.draft is not None and self.draft.module_id == existing.id):
            return True
        if may_manage(self.author, existing):
            self.module_id.errors.append(
                "You already have a module with this id. To change that module, start a new "
                "draft from its latest version on the Authoring page; otherwise choose another "
                "id.")
        else:
            self.module_id.errors.append(
                "A module with this id already exists. Choose another id.")
        return False


class NewModuleForm(ModuleForm):
    """A new module's details; sent twice (a double click), it still makes one draft."""

    submission = SubmissionField()
    last_resort = "module"


class UploadForm(FlaskForm):
    """A package uploaded as a zip; sent twice, it still makes one draft."""

    package = FileField("Package (.zip file)")
    submission = SubmissionField()


class AddStepForm(FlaskForm):
    """A new step at the end of the module."""

    kind = RadioField(
        "Kind of step",
        choices=[SelectChoice("lesson", "Lesson: text and pictures"),
                 SelectChoice("quiz", "Quiz: questions with right answers"),
                 SelectChoice("reflection", "Reflection: the learner writes about their practice")],
        validators=[InputRequired("Choose the kind of step.")],
    )
    step_title = StringField(
        "Title of the new step",
        validators=[InputRequired("Give the new step a title."),
                    Length(max=120, message="Keep the title under 120 characters.")],
    )
    submission = SubmissionField()


class LessonForm(FlaskForm):
    """A lesson: its title and Markdown, and a picture to add."""

    title = _title("lesson")
    body = TextAreaField(
        "Lesson text",
        description="Write in Markdown: ## for a heading, a blank line between paragraphs, "
                    "- at the start of a line for a list, **bold** and *italic*.",
        validators=[Length(max=LESSON_CAP // 2, message="This lesson is too long. Split it "
                                                        "into two lessons.")],
    )
    picture = FileField(f"Picture (PNG, JPEG, GIF or WebP, up to {PICTURE_WORDS})")
    alt = StringField(
        "Describe the picture for someone who cannot see it",
        description="Say what it shows, such as “A phone showing a post with the hashtag "
                    "#socialwork”.",
        validators=[Length(max=250, message="Keep the description under 250 characters.")],
    )


class QuizSettingsForm(FlaskForm):
    """A quiz's title, pass mark and shuffle."""

    title = _title("quiz")
    pass_mark = WholeNumberField(
        "Pass mark, in percent",
        description="Leave empty to use the module's pass mark.",
        validators=_whole(0, 100, "The pass mark"),
    )
    shuffle = BooleanField("Show the choices in a different order each time")


class AddQuestionForm(FlaskForm):
    """A new question at the end of a quiz."""

    question_type = RadioField(
        "Kind of question",
        choices=[SelectChoice("single", "One right answer from a list"),
                 SelectChoice("multiple", "Choose all that are right, from a list"),
                 SelectChoice("true_false", "True or false"),
                 SelectChoice("text", "A short typed answer")],
        validators=[InputRequired("Choose the kind of question.")],
    )
    submission = SubmissionField()


class ChoiceEntry(Form):
    """One choice of a single or multiple question."""

    text = StringField("Choice", validators=[Length(max=500, message="Keep each choice under "
                                                                      "500 characters.")])
    correct = BooleanField("This is a right answer")
    feedback = StringField(
        "Feedback when chosen (optional)",
        validators=[Length(max=2000, message="Keep feedback under 2,000 characters.")],
    )


class QuestionForm(FlaskForm):
    """One question of any of the four types; the view uses the fields its type needs."""

    prompt = _markdown("Question", "question", "Write the question.",
                       "Markdown works here, such as **bold**.")
    choices = FieldList(FormField(ChoiceEntry), min_entries=0, max_entries=MAX_CHOICES)
    answer = RadioField(
        "The statement is",
        choices=[SelectChoice("true", "True"), SelectChoice("false", "False")],
        validators=[Optional()],
    )
    accept = TextAreaField(
        "Answers to accept",
        description="One on each line. Capital letters and extra spaces do not matter.",
        validators=[Length(max=2000, message="Keep the answers under 2,000 characters.")],
    )
    explanation = _markdown("Explanation shown after answering (optional)", "explanation")


class ReflectionStepForm(FlaskForm):
    """A reflection step: its title, prompt and minimum length."""

    title = _title("reflection")
    prompt = _markdown("What should the learner reflect on?", "prompt", "Write the prompt.",
                       "Markdown works here.")
    min_words = WholeNumberField(
        "Fewest words the learner must write",
        description="Leave empty for no minimum.",
        validators=_whole(0, 2000, "The number of words"),
    )


class FileForm(FlaskForm):
    """A text file of the package, edited as it is."""

    text = TextAreaField(
        "Contents of the file",
        validators=[Length(max=LESSON_CAP // 2, message="This file is too long to edit here.")],
    )


class PublishForm(FlaskForm):
    """Publishing: which number, and what changed."""

    release = RadioField("Version number", validators=[InputRequired("Choose a version number.")])
    note = TextAreaField(
        "What changed, in a sentence or two",
        description="Learners see this on the module's page.",
        validators=[InputRequired("Say briefly what changed, such as “New lesson on "
                                  "privacy settings”."),
                    Length(max=500, message="Keep the note under 500 characters.")],
    )


class ButtonForm(FlaskForm):
    """A button that changes something: only the CSRF token."""


class NewDraftForm(ButtonForm):
    """The button that starts a draft from a published version; pressed twice, one draft."""

    submission = SubmissionField()

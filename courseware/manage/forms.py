"""Forms for managers' reports and assignments, and for admins' teams and people."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from courseware import clock
from courseware.manage.dashboard import SORTS, status_choices
from courseware.models import ROLES
from courseware.names import MAX_LENGTH as MAX_NAME
from courseware.names import NameRule
from courseware.numbers import id_of
from courseware.submissions import SubmissionField

DATE_MESSAGE = "Enter a real date, for example 31 March 2027."


class DayField(DateField):
    """A date input whose error says what to type."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators or [Optional()], format="%Y-%m-%d", **kwargs)

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(DATE_MESSAGE) from error
        if self.data and not 1900 <= self.data.year <= 2999:
            self.data = None
            raise ValueError(DATE_MESSAGE)


class FilterForm(FlaskForm):
    """The dashboard's filters, sent with GET so that a filtered view has its own address."""

    class Meta:
        csrf = False

    module = SelectField("Module", choices=[], default="")
    status = SelectField("Status", choices=[], default="")
    completed_from = DayField("Completed on or after")
    completed_to = DayField("Completed on or before")
    sort = SelectField("Sort by", choices=[SelectChoice(k, v) for k, v in SORTS.items()],
                       default="name")
    order = SelectField("Order", choices=[SelectChoice("asc", "A to Z, or fewest first"),
                                          SelectChoice("desc", "Z to A, or most first")],
                        default="asc")

    def __init__(self, modules: list[tuple[str, str]], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.module.choices = [SelectChoice("", "All assigned modules"),
                               *[SelectChoice(v, label) for v, label in modules]]
        self.status.choices = [SelectChoice("", "Any status"),
                               *[SelectChoice(v, label) for v, label in status_choices()]]

    def validate_completed_to(self, field):
        if field.data and self.completed_from.data and field.data < self.completed_from.data:
            raise ValidationError("The second date must be the same as or after the first.")


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class AssignForm(FlaskForm):
    """Assign a module to the team or to some of its members."""

    module = SelectField("Module", coerce=id_of, validators=[InputRequired(
        message="Choose the module to assign.")],
        validate_choice=True)
    who = RadioField("Who should complete it?",
                     choices=[SelectChoice("team",
                                           "Everyone in the team, including people who join later"),
                              SelectChoice("chosen", "Only the people I choose")],
                     default="team",
                     validators=[InputRequired(message="Choose who should complete it.")])
    learners = MultiCheckboxField("People", coerce=id_of, choices=[], validate_choice=False)
    due_on = DayField("Due date (optional)",
                      description="Leave it empty if there is no deadline.")
    submission = SubmissionField()

    past_due_ok = BooleanField("Yes, the date is in the past: assign it anyway")

    @property
    def due_in_the_past(self) -> bool:
        """True when the due date typed is before today (where the learners are)."""
        return bool(self.due_on.data) and self.due_on.data < clock.today()

    def validate_due_on(self, field):
        if self.due_in_the_past and not self.past_due_ok.data:
            raise ValidationError(
                f"The due date, {clock.day_text(field.data)}, is in the past, so the people you "
                "assign it to will be overdue at once. Check the date, or tick "
                "“Yes, the date is in the past” and select Assign again.")

    def validate_module(self, field):
        if not field.data or field.data not in {c.value for c in field.choices}:
            raise ValidationError("Choose one of the modules in the list.")

    def validate_learners(self, field):
        if self.who.data == "chosen" and not field.data:
            raise ValidationError("Tick at least one person, or choose everyone in the team.")


class ConfirmForm(FlaskForm):
    """A button that only needs the CSRF token."""


class TeamForm(FlaskForm):
    """A team's name."""

    name = StringField("Team name", validators=[
        DataRequired(message="Enter a name for the team."), NameRule("the team's name"),
        Length(max=MAX_NAME),
    ])


class NewTeamForm(TeamForm):
    """A new team's name; sent twice (a double click), it still makes one team."""

    submission = SubmissionField()


class PersonForm(FlaskForm):
    """Someone to add to a team, by their email address."""

    email = StringField("Email address", validators=[
        DataRequired(message="Enter the email address of the person to add."),
        Length(max=254, message="An email address can have at most 254 characters."),
        Email(message="Enter an email address like name@example.org.",
              check_deliverability=False),
    ])
    submission = SubmissionField()


class MemberForm(PersonForm):
    """A learner to add to a team."""

    email = StringField("Email address of the learner to add",
                        validators=PersonForm.email.kwargs["validators"])
    name = StringField("Their name, if they have no account yet", validators=[
        Optional(), NameRule("their name"), Length(max=MAX_NAME)])


class ManagerForm(PersonForm):
    """A manager to add to a team."""

    email = StringField("Email address of the new manager",
                        validators=PersonForm.email.kwargs["validators"])


class ImportForm(FlaskForm):
    """A CSV file of names and email addresses."""

    file = FileField("CSV file of names and email addresses")
    submission = SubmissionField()


class RoleForm(FlaskForm):
    """An account's role."""

    role = SelectField("Role", choices=[SelectChoice(r, r.capitalize()) for r in ROLES],
                       validators=[InputRequired(message="Choose a role.")])


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class PersonForm(FlaskForm):
    """An account's name and email address, as an admin corrects them."""

    name = StringField("Name", description="As it goes on their certificates from now on.",
                       validators=[DataRequired("Enter their name."), NameRule("their name"),
                                   Length(max=MAX_NAME)])
    email = EmailField("Email address", filters=[_strip], validators=[
        InputRequired("Enter their email address."),
        Email("Enter an email address like name@example.org."), Length(max=254)])


class SearchForm(FlaskForm):
    """Find people by name or email address."""

    class Meta:
        csrf = False

    q = StringField("Name or email address", validators=[Length(max=100)])
    page = HiddenField()

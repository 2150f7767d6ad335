"""Forms for a person's choice of emails."""

from flask_wtf import FlaskForm
from wtforms import SelectField, SelectMultipleField
from wtforms.fields.choices import SelectChoice

from courseware.notifications.choices import WEEKDAYS


class PreferencesForm(FlaskForm):
    """The kinds of email that are on (the choices are set per person), and the digest's day."""

    on = SelectMultipleField("Emails to get", choices=[])
    weekday = SelectField("Day of the weekly summary", coerce=int, default=0,
                          choices=[SelectChoice(i, day) for i, day in enumerate(WEEKDAYS)])


class ConfirmForm(FlaskForm):
    """A button that changes something: its CSRF token alone."""

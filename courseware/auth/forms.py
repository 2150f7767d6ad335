"""Forms for accounts."""

from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import (
    Email,
    EqualTo,
    InputRequired,
    Length,
    ValidationError,
)

from courseware.domain.passwords import MAX_LENGTH, MIN_LENGTH, password_problem
from courseware.names import MAX_LENGTH as MAX_NAME
from courseware.names import NameRule
from courseware.submissions import SubmissionField

PASSWORD_HINT = (f"At least {MIN_LENGTH} characters. A few everyday words strung together make a "
                 "strong password that is easy to remember.")


class GoodPassword:
    """A new password must be long enough and not common."""

    def __call__(self, form, field):
        email = getattr(getattr(form, "email", None), "data", None)
        if not email and current_user and current_user.is_authenticated:
            email = current_user.email
        problem = password_problem(field.data or "", email or "")
        if problem:
            raise ValidationError(problem)


def new_password_field(label: str = "Password") -> PasswordField:
    return PasswordField(label, description=PASSWORD_HINT,
                         validators=[InputRequired("Choose a password."), GoodPassword()])


def confirm_field() -> PasswordField:
    return PasswordField(
        "Type the password again",
        validators=[InputRequired("Type your password again."),
                    EqualTo("password", "The two passwords are not the same. Type them again.")],
    )


def email_field() -> EmailField:
    return EmailField(
        "Email address",
        validators=[InputRequired("Enter your email address."),
                    Email("Enter an email address like name@example.org."), Length(max=254)],
    )


class RegisterForm(FlaskForm):
    """A new learner's account."""

    name = StringField(
        "Your name",
        description="As you would like it on your certificates.",
        validators=[InputRequired("Enter your name."), NameRule("your name"),
                    Length(max=MAX_NAME)],
    )
    email = email_field()
    password = new_password_field()
    confirm = confirm_field()
    submission = SubmissionField()  # sent twice (a double click), still one account


class LoginForm(FlaskForm):
    """Signing in."""

    email = EmailField(
        "Email address",
        validators=[InputRequired("Enter your email address."), Length(max=254)],
    )
    password = PasswordField(
        "Password", validators=[InputRequired("Enter your password."), Length(max=MAX_LENGTH)]
    )


class ForgotPasswordForm(FlaskForm):
    """Asking for a password-reset email."""

    email = email_field()


class ResetPasswordForm(FlaskForm):
    """Choosing a new password from a reset link."""

    password = new_password_field("New password")
    confirm = confirm_field()


class ChangePasswordForm(FlaskForm):
    """Changing the password while signed in."""

    current = PasswordField("Your current password",
                            validators=[InputRequired("Enter your current password."),
                                        Length(max=MAX_LENGTH)])
    password = new_password_field("New password")
    confirm = confirm_field()


def _strip(value):
    """Leading and trailing spaces are typing slips."""
    return value.strip() if isinstance(value, str) else value


class NameForm(FlaskForm):
    """Changing the name on your account."""

    name = StringField(
        "Your name",
        description="As you would like it on your certificates.",
        validators=[NameRule("your name"), Length(max=MAX_NAME)],
    )


def current_password_field(label: str = "Your password") -> PasswordField:
    """The password a person types to show it is them before a change."""
    return PasswordField(label, validators=[InputRequired("Enter your password."),
                                            Length(max=MAX_LENGTH)])


class EmailChangeForm(FlaskForm):
    """Asking to move your account to a new email address."""

    new_email = EmailField(
        "New email address",
        description="We will send a link to this address. Your address changes when you "
                    "open it.",
        filters=[_strip],
        validators=[InputRequired("Enter your new email address."),
                    Email("Enter an email address like name@example.org."), Length(max=254)],
    )
    email_password = current_password_field()


class DeleteAccountForm(FlaskForm):
    """Deleting your account, with your password."""

    password = current_password_field()


class ConfirmForm(FlaskForm):
    """A button that needs only the CSRF token."""

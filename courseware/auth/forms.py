"""Forms for accounts."""

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import Email, EqualTo, InputRequired, Length

MIN_PASSWORD = 12


class RegisterForm(FlaskForm):
    """A new learner's account."""

    name = StringField(
        "Your name",
        description="As you would like it on your certificates.",
        validators=[InputRequired("Enter your name."), Length(max=120, message="Keep your name "
                    "under 120 characters.")],
    )
    email = EmailField(
        "Email address",
        validators=[InputRequired("Enter your email address."),
                    Email("Enter an email address like name@example.org."),
                    Length(max=254)],
    )
    password = PasswordField(
        "Password",
        description=f"At least {MIN_PASSWORD} characters. A few everyday words strung together "
        "make a strong password that is easy to remember.",
        validators=[InputRequired("Choose a password."),
                    Length(min=MIN_PASSWORD, max=200,
                           message=f"Your password needs at least {MIN_PASSWORD} characters.")],
    )
    confirm = PasswordField(
        "Type the password again",
        validators=[InputRequired("Type your password again."),
                    EqualTo("password", "The two passwords are not the same. Type them again.")],
    )


class LoginForm(FlaskForm):
    """Signing in."""

    email = EmailField(
        "Email address",
        validators=[InputRequired("Enter your email address."), Length(max=254)],
    )
    password = PasswordField(
        "Password", validators=[InputRequired("Enter your password."), Length(max=200)]
    )

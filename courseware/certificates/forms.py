"""Forms: revoking a certificate, and the public form to check a code."""

from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from courseware.domain.certificate_codes import InvalidCode, parse_code
from courseware.submissions import SubmissionField

MAX_REASON = 500
MAX_CODE = 60


class RevokeForm(FlaskForm):
    """An admin's reason for revoking a certificate."""

    reason = TextAreaField(
        "Why are you revoking this certificate?",
        description="The learner sees this reason. People checking the certificate see only "
        "that it was revoked, and when.",
        validators=[
            DataRequired(message="Enter why you are revoking this certificate."),
            Length(max=MAX_REASON, message=f"Keep the reason to {MAX_REASON} characters or fewer."),
        ],
    )


class RenewForm(FlaskForm):
    """The button that takes an expired certificate's module again; pressed twice, once."""

    submission = SubmissionField()


class CodeForm(FlaskForm):
    """The public form to type a certificate's code in (a GET form: nothing is changed)."""

    class Meta:
        csrf = False

    code = StringField(
        "Certificate code",
        description="It is printed on the certificate, beside the square code. "
        "It looks like 7KQ2-M9XD-4RTB-0HZC-1G.",
        validators=[
            InputRequired(message="Enter the code from the certificate."),
            Length(max=MAX_CODE, message="That is too long to be a certificate code. Check it "
                   "against the certificate."),
        ],
    )

    def validate_code(self, field) -> None:
        """Catch a mistyped code here, before any lookup."""
        try:
            self.canonical = parse_code(field.data or "")
        except InvalidCode as error:
            raise ValidationError(str(error)) from error

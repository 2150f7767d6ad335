"""Views for accounts: register, sign in and out, reset and change passwords."""

from urllib.parse import urlsplit

from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user

from courseware.auth import bp
from courseware.auth.accounts import (
    AccountError,
    add_user,
    authenticate,
    find_user,
    normalise_email,
    reset_token,
    set_password,
    sign_out_everywhere,
    user_for_reset_token,
)
from courseware.auth.forms import (
    ChangePasswordForm,
    ConfirmForm,
    ForgotPasswordForm,
    LoginForm,
    RegisterForm,
    ResetPasswordForm,
)
from courseware.auth.passwords import check_password
from courseware.extensions import limiter
from courseware.mail import send_mail
from courseware.security import ANYONE, SIGNED_IN, role
from courseware.submissions import Outcome, once


def safe_next(default: str) -> str:
    """The ?next= target when it stays on this site, else the default."""
    target = request.args.get("next", "")
    parts = urlsplit(target)
    if target.startswith("/") and not target.startswith("//") and not parts.netloc \
            and "\\" not in target:
        return target
    return default


def start_session(user) -> None:
    """Sign in on a fresh session."""
    session.clear()
    session.permanent = True
    login_user(user)


def _account_key() -> str:
    return "account:" + normalise_email(request.form.get("email", ""))[:254]


def _failed(response) -> bool:
    """Count only tries that did not get the user in."""
    return response.status_code != 302


def _limit(setting: str, **kwargs):
    return limiter.limit(lambda: current_app.config[setting], methods=["POST"], **kwargs)


@bp.route("/register", methods=["GET", "POST"])
@role(ANYONE)
@_limit("LOGIN_LIMIT_PER_ADDRESS")
def register():
    """Create a learner account; sent twice (a double click), still one account."""
    if current_user.is_authenticated:
        return redirect(url_for("learn.my_learning"))
    form = RegisterForm()
    if form.validate_on_submit():
        made = []

        def make() -> Outcome | None:
            try:
                made.append(add_user(form.email.data, form.name.data, form.password.data))
            except AccountError as error:
                form.email.errors.append(str(error) + " Sign in instead, or use another address.")
                return None
            return Outcome(safe_next(url_for("catalogue.index")),
                           f"Welcome, {made[0].name}. Your account is ready.")

        outcome = once(form.submission.data, None, make)
        if outcome is not None:
            # A repeat signs in with the same address and password, as the first did.
            user = made[0] if made else authenticate(form.email.data, form.password.data)
            if user is not None:
                start_session(user)
            flash(outcome.message, outcome.category)
            return redirect(outcome.url)
    return render_template("auth/register.html", form=form)


@bp.route("/login", methods=["GET", "POST"])
@role(ANYONE)
@_limit("LOGIN_LIMIT_PER_ADDRESS", deduct_when=_failed)
@_limit("LOGIN_LIMIT_PER_ACCOUNT", key_func=_account_key, deduct_when=_failed)
def login():
    """Sign in."""
    if current_user.is_authenticated:
        return redirect(url_for("learn.my_learning"))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is None:
            form.email.errors.append(
                "That email address and password do not match an account. Check them and "
                "try again, or reset your password."
            )
        else:
            start_session(user)
            return redirect(safe_next(url_for("learn.my_learning")))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@role(SIGNED_IN)
def logout():
    """Sign out."""
    logout_user()
    session.clear()
    flash("You have signed out.", "info")
    return redirect(url_for("catalogue.index"))


@bp.route("/forgot-password", methods=["GET", "POST"])
@role(ANYONE)
@_limit("RESET_LIMIT_PER_ADDRESS")
@_limit("RESET_LIMIT_PER_ACCOUNT", key_func=_account_key)
def forgot_password():
    """Send a reset link; the answer is the same whether or not the account exists."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        user = find_user(form.email.data)
        if user is not None:
            link = url_for("auth.reset_password", token=reset_token(user), _external=True)
            hours = current_app.config["RESET_TOKEN_MAX_AGE"] // 3600
            send_mail(user.email, "Reset your CPD Learning password", render_template(
                "auth/reset_email.txt", user=user, link=link, hours=max(hours, 1)))
        return render_template("auth/reset_sent.html", email=form.email.data)
    return render_template("auth/forgot_password.html", form=form)


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
@role(ANYONE)
def reset_password(token: str):
    """Choose a new password from an emailed link; the link works once."""
    user = user_for_reset_token(token) if len(token) < 500 else None
    if user is None:
        return render_template("auth/reset_invalid.html"), 404
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            set_password(user, form.password.data)
        except AccountError as error:
            form.password.errors.append(str(error))
        else:
            start_session(user)
            flash("Your password has been changed and you are signed in. Any other devices "
                  "have been signed out.", "success")
            return redirect(url_for("learn.my_learning"))
    return render_template("auth/reset_password.html", form=form)


@bp.route("/account", methods=["GET", "POST"])
@role(SIGNED_IN)
def account():
    """Your account: change your password, sign out everywhere."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if not check_password(current_user.password_hash, form.current.data):
            form.current.errors.append("That is not your current password. Try again.")
        else:
            user = current_user._get_current_object()
            try:
                set_password(user, form.password.data)
            except AccountError as error:
                form.password.errors.append(str(error))
            else:
                start_session(user)
                flash("Your password has been changed. Any other devices have been signed out.",
                      "success")
                return redirect(url_for("auth.account"))
    return render_template("auth/account.html", form=form, confirm=ConfirmForm())


@bp.route("/account/sign-out-everywhere", methods=["POST"])
@role(SIGNED_IN)
def sign_out_all():
    """End every session of this account, this one included."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    sign_out_everywhere(current_user._get_current_object())
    logout_user()
    session.clear()
    flash("You have been signed out on every device, this one included.", "info")
    return redirect(url_for("auth.login"))

"""Views for accounts: register, sign in and out, reset and change passwords, correct your
name and email address, delete your account."""

import unicodedata
from urllib.parse import urlsplit

from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user

from courseware import clock, sign_ins
from courseware.auth import bp, throttle
from courseware.auth.email_change import send_email_change
from courseware.auth.forms import (
    ChangePasswordForm,
    ConfirmForm,
    DeleteAccountForm,
    EmailChangeForm,
    ForgotPasswordForm,
    LoginForm,
    NameForm,
    RegisterForm,
    ResetPasswordForm,
)
from courseware.database import about_to_write, reads_first
from courseware.domain import security_emails
from courseware.domain.accounts import (
    RESET,
    WELCOME,
    AccountError,
    TokenKind,
    end_sign_in,
    find_user,
    normalise_email,
    password_matches,
    register_user,
    set_email,
    set_name,
    set_password,
    sign_out_everywhere,
    token_user,
    upgrade_hash,
)
from courseware.domain.email_changes import change_for_token, hours_valid
from courseware.domain.passwords import check_password
from courseware.erasure import delete_account, is_only_admin
from courseware.errors import render_error
from courseware.extensions import db, limiter
from courseware.rescue import after_sign_in
from courseware.security import ANYONE, SIGNED_IN, current_sign_in, role
from courseware.sessions import SIGN_IN, idle_delta, mark_active
from courseware.submissions import Outcome, once


def safe_next(default: str) -> str:
    """The ?next= target when it stays on this site, else the default."""
    target = request.args.get("next", "")
    if not target.startswith("/") or target.startswith("//") or "\\" in target \
            or any(_is_control(c) for c in target):
        return default
    return default if urlsplit(target).netloc else target


def _is_control(char: str) -> bool:
    """Control, format and unassigned characters, and line or paragraph separators."""
    return unicodedata.category(char)[0] == "C" or unicodedata.category(char) in ("Zl", "Zp")


def start_session(user) -> None:
    """Sign in on a fresh session, with a new sign-in kept on the server, from an address this
    account now knows."""
    session.clear()
    session.permanent = True
    login_user(user)
    session[SIGN_IN] = sign_ins.begin(user, request.user_agent.string, clock.now())
    mark_active()
    after_sign_in(user.id)  # words kept from a form sent after the last sign-in ended
    throttle.remember_address(user.id)
    db.session.commit()


def _account_key() -> str:
    return throttle.account_key(request.form.get("email", ""))


def _signed_in_account() -> str:
    """The account in the session cookie, read without the database, so that a limit keyed by
    it is counted before the view's first query (empty when signed out: no limit applies)."""
    uid = str(session.get("_user_id", "")).partition(":")[0]
    return f"account-id:{uid}" if uid.isdigit() else ""


def _limit(setting: str, **kwargs):
    return limiter.limit(lambda: current_app.config[setting], methods=["POST"], **kwargs)


# One budget per account for every form that checks its password; placed above @role, so it is
# counted before the user is loaded.
password_checks = limiter.shared_limit(
    lambda: current_app.config["PASSWORD_CHECK_LIMIT_PER_ACCOUNT"], scope="password-check",
    key_func=_signed_in_account, methods=["POST"])


@bp.errorhandler(429)
def too_many_tries(error):
    """Say how long to wait; from sign-in and registration, offer a password reset too."""
    links = ()
    if request.endpoint in ("auth.login", "auth.register"):
        links = (("Forgotten your password?", url_for("auth.forgot_password")),)
    return render_error(429, links=links)


CHECK_EMAIL = ("Check your email: we have sent a message to {email}. If this address is new to "
               "us, your account is ready: sign in below with the password you chose. If you "
               "already have an account with this address, the email says how to sign in or "
               "choose a new password.")


@bp.route("/register", methods=["GET", "POST"])
@role(ANYONE)
@_limit("LOGIN_LIMIT_PER_ADDRESS")
def register():
    """Create a learner account. The answer is the same whether or not the address already has
    an account (its owner gets an email instead); sent twice (a double click), one account."""
    if current_user.is_authenticated:
        return redirect(url_for("learn.my_learning"))
    form = RegisterForm()
    if form.validate_on_submit():
        email = normalise_email(form.email.data)
        made = []

        def make() -> Outcome:
            made.append(register_user(email, form.name.data, form.password.data))
            return Outcome(url_for("auth.login", next=safe_next(url_for("catalogue.index"))),
                           CHECK_EMAIL.format(email=email), "info")

        outcome = once(form.submission.data, None, make)
        session["sign_in_as"] = email  # the sign-in form comes filled in with it
        if made:
            _send_registration_email(email, made[0])
        flash(outcome.message, outcome.category)
        return redirect(outcome.url)
    return render_template("auth/register.html", form=form)


def _send_registration_email(email: str, user) -> None:
    """Tell a new account's owner it is ready, or an existing one's that someone tried."""
    if user is not None:
        security_emails.send(user.id, "account_ready")
    elif (owner := find_user(email)) is not None:
        security_emails.send(owner.id, "register_attempt")
    db.session.commit()


@bp.route("/login", methods=["GET", "POST"])
@role(ANYONE)
@reads_first
def login():
    """Sign in. Failed tries are limited (courseware/auth/throttle.py); the limits are counted
    while the account is only read, so the view reads first and then takes the write lock."""
    if current_user.is_authenticated:
        return redirect(url_for("learn.my_learning"))
    form = LoginForm(email=session.pop("sign_in_as", None))
    if form.validate_on_submit():
        user = find_user(form.email.data)
        attempt = throttle.start_attempt(form.email.data, user)  # 429 before any password check
        if not password_matches(user, form.password.data):
            attempt.failed()
            form.email.errors.append(
                "That email address and password do not match an account. Check them and "
                "try again, or reset your password."
            )
        else:
            attempt.succeeded()
            about_to_write()
            upgrade_hash(user, form.password.data)
            start_session(user)
            return redirect(safe_next(url_for("learn.my_learning")))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@role(SIGNED_IN)
def logout():
    """Sign out: this sign-in ends on the server, so no copy of the cookie works either."""
    sign_in = current_sign_in()
    if sign_in is not None:
        end_sign_in(sign_in.id)
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
        if user is not None:  # the link is made when the email is sent
            security_emails.send(user.id, "password_reset",
                                 lasts_seconds=current_app.config["RESET_TOKEN_MAX_AGE"])
            db.session.commit()
        return render_template("auth/reset_sent.html", email=form.email.data)
    return render_template("auth/forgot_password.html", form=form)


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
@role(ANYONE)
def reset_password(token: str):
    """Choose a new password from an emailed link; the link works once."""
    return _choose_password(token, RESET, "Choose a new password")


@bp.route("/welcome/<token>", methods=["GET", "POST"])
@role(ANYONE)
def welcome(token: str):
    """Choose the first password of an account an admin made, from the welcome email's link;
    it works once, for WELCOME_LINK_DAYS."""
    return _choose_password(token, WELCOME, "Choose your password")


def _choose_password(token: str, kind: TokenKind, heading: str):
    user, expired = token_user(token, kind)
    if user is None:
        return render_template("auth/reset_invalid.html", expired=expired,
                               welcome=kind is WELCOME), 404
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
    return render_template("auth/reset_password.html", form=form, heading=heading)


WRONG_PASSWORD = "That is not your password. Try again."  # noqa: S105 - a message


def _render_account(**forms):
    """The account page, with any form given in place of a fresh one."""
    forms.setdefault("form", ChangePasswordForm())
    forms.setdefault("name_form", NameForm(formdata=None, name=current_user.name))
    forms.setdefault("email_form", EmailChangeForm(formdata=None))
    this = current_sign_in()
    live = sign_ins.live_for(current_user.id, clock.now(), idle_delta())
    live.sort(key=lambda sign_in: this is None or sign_in.id != this.id)  # this device first
    return render_template("auth/account.html", confirm=ConfirmForm(), this_sign_in=this,
                           sign_ins=live, **forms)


@bp.route("/account", methods=["GET", "POST"])
@password_checks
@role(SIGNED_IN)
def account():
    """Your account: your name and email address, your password, where you are signed in."""
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
    return _render_account(form=form)


@bp.route("/account/name", methods=["POST"])
@role(SIGNED_IN)
def change_name():
    """Correct the name on your account."""
    form = NameForm()
    if form.validate_on_submit():
        set_name(current_user._get_current_object(), form.name.data)
        flash(f"Your name is now {current_user.name}. New certificates will show it. "
              "Certificates you already have keep the name they were issued with.", "success")
        return redirect(url_for("auth.account"))
    return _render_account(name_form=form)


@bp.route("/account/email", methods=["POST"])
@_limit("EMAIL_CHANGE_LIMIT_PER_ACCOUNT", key_func=_signed_in_account)
@password_checks
@role(SIGNED_IN)
def change_email():
    """Ask to move your account to a new email address: a link goes to it to confirm."""
    form = EmailChangeForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        if not check_password(user.password_hash, form.email_password.data):
            form.email_password.errors.append(WRONG_PASSWORD)
        elif normalise_email(form.new_email.data) == user.email:
            form.new_email.errors.append("That is already your email address.")
        else:
            send_email_change(user, form.new_email.data)
            db.session.commit()
            return render_template("auth/email_sent.html", hours=hours_valid(),
                                   email=normalise_email(form.new_email.data))
    return _render_account(email_form=form)


@bp.route("/account/email/confirm/<token>", methods=["GET", "POST"])
@role(ANYONE)
def confirm_email(token: str):
    """Confirm a new email address from the link sent to it. Opening the link changes nothing
    (mail scanners open links); the button on the page does."""
    change = change_for_token(token) if len(token) < 600 else None
    if change is None:
        return render_template("auth/email_invalid.html", hours=hours_valid()), 404
    form = ConfirmForm()
    if form.validate_on_submit():
        if not set_email(change.user, change.new_email):
            return render_template("auth/email_taken.html", email=change.new_email), 409
        message = f"Your email address is now {change.new_email}. Use it to sign in from now on."
        if current_user.is_authenticated and current_user.id == change.user.id:
            flash(message, "success")
            return redirect(url_for("auth.account"))
        return render_template("auth/email_changed.html", message=message)
    return render_template("auth/email_confirm.html", form=form, email=change.new_email)


ONLY_ADMIN = ("You are the only admin, so you cannot delete your account: nobody could run "
              "the service. Make someone else an admin first (under Teams and people), then "
              "come back.")


@bp.route("/account/delete", methods=["GET", "POST"])
@password_checks
@role(SIGNED_IN)
def delete_account_view():
    """Delete your account, with your password, after the offer of your data."""
    user = current_user._get_current_object()
    form = DeleteAccountForm()
    if form.validate_on_submit():
        if not check_password(user.password_hash, form.password.data):
            form.password.errors.append(WRONG_PASSWORD)
        elif is_only_admin(user, lock=True):
            form.password.errors.append(ONLY_ADMIN)
        else:
            delete_account(user)
            logout_user()
            session.clear()
            flash("Your account is deleted and you are signed out. We have removed your name, "
                  "email address, password, CPD record, reflections and quiz answers. We keep "
                  "only anonymous counts, such as how many people completed each module.",
                  "success")
            return redirect(url_for("catalogue.index"))
    return render_template("auth/delete_account.html", form=form,
                           only_admin=is_only_admin(user), only_admin_message=ONLY_ADMIN)


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


@bp.route("/account/sign-ins/<int:sign_in_id>/end", methods=["POST"])
@role(SIGNED_IN)
def end_sign_in_view(sign_in_id: int):
    """Sign out of one device: one of your own sign-ins (anyone else's is not found)."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    sign_in = sign_ins.owned(current_user.id, sign_in_id)
    if sign_in is None:
        abort(404)
    end_sign_in(sign_in.id)
    this = current_sign_in()
    if this is not None and this.id == sign_in.id:
        logout_user()
        session.clear()
        flash("You have signed out.", "info")
        return redirect(url_for("catalogue.index"))
    flash(f"You have signed out of {sign_in.device} (signed in on "
          f"{clock.time_text(sign_in.created_at)}).", "success")
    return redirect(url_for("auth.account"))

"""Views for accounts."""

from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user

from courseware.auth import bp
from courseware.auth.accounts import AccountError, authenticate, create_user
from courseware.auth.forms import LoginForm, RegisterForm
from courseware.security import ANYONE, SIGNED_IN, role


def safe_next(default: str) -> str:
    """The ?next= target when it stays on this site, else the default."""
    target = request.args.get("next", "")
    parts = urlsplit(target)
    if target.startswith("/") and not target.startswith("//") and not parts.netloc:
        return target
    return default


@bp.route("/register", methods=["GET", "POST"])
@role(ANYONE)
def register():
    """Create a learner account."""
    if current_user.is_authenticated:
        return redirect(url_for("learn.my_learning"))
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = create_user(form.email.data, form.name.data, form.password.data)
        except AccountError as error:
            form.email.errors.append(str(error) + " Sign in instead, or use another address.")
        else:
            session.clear()
            login_user(user)
            flash(f"Welcome, {user.name}. Your account is ready.", "success")
            return redirect(safe_next(url_for("catalogue.index")))
    return render_template("auth/register.html", form=form)


@bp.route("/login", methods=["GET", "POST"])
@role(ANYONE)
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
                "try again."
            )
        else:
            session.clear()
            login_user(user)
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

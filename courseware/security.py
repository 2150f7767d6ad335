"""Who may reach each route, and the headers every response carries."""

from collections.abc import Callable
from functools import wraps

from flask import Flask, abort, current_app, g, request
from flask.sessions import SecureCookieSessionInterface
from flask_login import current_user

from courseware import clock, rescue, sessions, sign_ins
from courseware.extensions import login_manager
from courseware.models import SignIn, User

ANYONE = "anyone"
SIGNED_IN = "signed-in"

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)


def role(required: str) -> Callable:
    """State the role a view needs: ANYONE, SIGNED_IN, or one of the account roles."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            if required != ANYONE:
                if not current_user.is_authenticated:
                    return rescue.signed_out()
                if required != SIGNED_IN and not current_user.has_role(required):
                    abort(403)
            return view(*args, **kwargs)

        wrapped.required_role = required
        return wrapped

    return decorate


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """Find the user and their sign-in for a session cookie, in one query. A sign-in that has
    ended (or a stale session token, or no sign-in at all, as in a remember-me cookie) signs
    nobody in, and is dropped from the session."""
    uid, _, token = user_id.partition(":")
    if sessions.has_lapsed():
        return None  # keep_sign_in_alive ends it, keeping whose it was
    secret = sessions.sign_in_secret()
    found = None
    if uid.isdigit() and secret is not None:
        found = sign_ins.find(int(uid), secret, clock.now(), sessions.idle_delta())
    if found is None or found[0].session_token != token:
        sessions.forget_sign_in()
        return None
    g.sign_in = found[1]
    return found[0]


def current_sign_in() -> SignIn | None:
    """The sign-in of this request's signed-in person, if any."""
    return g.get("sign_in") if current_user.is_authenticated else None


def set_security_headers(response):
    """Add a strict CSP and the usual protective headers."""
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    return response


def keep_private_pages_private(response):
    """Pages only a signed-in person reaches (their record, entries, certificates, files, data,
    account, exports) carry no-store, so no browser history or shared cache keeps a copy."""
    view = current_app.view_functions.get(request.endpoint or "")
    if getattr(view, "required_role", ANYONE) != ANYONE:
        response.headers["Cache-Control"] = "private, no-store"
    return response


def refuse_nul_bytes() -> None:
    """No text a person types holds a NUL character, and PostgreSQL cannot store one: refuse any
    request carrying one in its address, query or form with a 400 before a view sees it."""
    values = [*request.args.values(), *(str(v) for v in (request.view_args or {}).values())]
    if request.method in ("POST", "PUT", "PATCH"):
        values.extend(value for _, value in request.form.items(multi=True))
    if any("\x00" in value for value in values):
        abort(400)


class SessionInterface(SecureCookieSessionInterface):
    """Session cookies are marked Secure whenever the request came over HTTPS."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"] or request.is_secure)


def init_app(app: Flask) -> None:
    """Wire login behaviour and response headers into the app."""
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to see that page."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    app.session_interface = SessionInterface()
    sessions.init_app(app)
    app.before_request(refuse_nul_bytes)
    app.after_request(set_security_headers)
    app.after_request(keep_private_pages_private)

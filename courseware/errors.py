"""Friendly error pages: every 4xx and 5xx says what happened and what to do next."""

import math

from flask import Flask, g, jsonify, render_template, request
from flask.globals import request_ctx
from flask_wtf.csrf import CSRFError
from sqlalchemy import exc
from werkzeug.exceptions import HTTPException, SecurityError

from courseware import clock, public_url
from courseware.extensions import db, limiter, login_manager
from courseware.outages import RETRY_AFTER, WORDS, outage_kind

MESSAGES = {
    400: ("Something in that request was not right",
          "The page could not understand what was sent. Go back, check the form and try again."),
    403: ("You cannot see this page",
          "Your account does not have access to this page. If you think it should, ask your "
          "manager or administrator."),
    404: ("Page not found",
          "We could not find that page. The address may be mistyped, or the page may have moved."),
    405: ("That did not work",
          "This page cannot be used that way. Go back and use the buttons on the page."),
    413: ("That was too large",
          "What you sent is bigger than we accept. Try something shorter or a smaller file."),
    429: ("Too many tries",
          "You have tried this too many times in a short while. Wait a few minutes and try "
          "again."),
    500: ("Sorry, something went wrong on our side",
          "Nothing you did caused this. Your work so far is saved. Try again in a minute."),
}


def wait_in_words(seconds: int) -> str:
    """How long a wait is, rounded up to the minute: "1 minute", "9 minutes", "2 hours"."""
    minutes = max(1, math.ceil(seconds / 60))
    hours, minutes = divmod(minutes, 60)
    parts = [f"{n} {unit}{'' if n == 1 else 's'}"
             for n, unit in ((hours, "hour"), (minutes, "minute")) if n]
    return " and ".join(parts)


def seconds_until_allowed() -> int | None:
    """Seconds until every rate limit this request broke lets it through; None if none broke.

    The limits' windows end when the shared storage says (the database or Redis), whichever
    worker or server counted them; a sign-in refused by its own limits (auth/throttle.py) sets
    g.rate_limit_reset_at.
    """
    resets = [limit.window.reset_time for limit in limiter.current_limits if limit.breached]
    if g.get("rate_limit_reset_at") is not None:
        resets.append(g.rate_limit_reset_at)
    if not resets:
        return None
    return max(0, math.ceil(max(resets) - clock.now().timestamp()))


def too_many_tries_text(what: str = "You have tried this too many times in a short while.") -> str:
    """What happened, and when the server will let them try again (the real time left)."""
    seconds = seconds_until_allowed()
    if seconds is None:
        return what + " Wait a few minutes and try again."
    return f"{what} Try again in {wait_in_words(seconds)}."


def render_error(code: int, detail: str | None = None, links: tuple[tuple[str, str], ...] = (),
                 title: str | None = None):
    """Render the error page for code, as JSON when the client asked for JSON.

    links are (words, address) pairs offered before the usual ones.
    """
    usual_title, text = MESSAGES.get(code, MESSAGES[400] if code < 500 else MESSAGES[500])
    title = title or usual_title
    headers = {}
    if code == 429:
        detail = detail or too_many_tries_text()
        seconds = seconds_until_allowed()
        if seconds is not None:
            headers["Retry-After"] = str(seconds)
    if request.accept_mimetypes.best == "application/json":
        return jsonify(error=title, detail=detail or text), code, headers
    return render_template("error.html", code=code, title=title, text=detail or text,
                           links=links), code, headers


def outage_page(kind: str):
    """Roll the request's transaction back and say, as a 503, what happened and when to retry."""
    try:
        db.session.rollback()
    except exc.SQLAlchemyError:
        pass  # the connection is gone already; the pool replaces it
    # The page is drawn without the database: whoever was signed in is not loaded again.
    g._login_user = login_manager.anonymous_user()
    title, text = WORDS[kind]
    page, code, headers = render_error(503, text, title=title)
    headers["Retry-After"] = str(RETRY_AFTER[kind])
    return page, code, headers


def init_app(app: Flask) -> None:
    """Register the handlers."""

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        from courseware.rescue import rescue

        if request.accept_mimetypes.best == "application/json":  # a draft saving itself
            return render_error(400, "This page had been open too long.")
        kept = rescue(stale=True)  # the words come back, to the form or to copy
        if kept is not None:
            return kept
        return render_error(
            400,
            "This form had expired or was sent from somewhere else, so it was not saved. Go "
            "back, reload the page and try again.",
        )

    @app.errorhandler(SecurityError)
    def untrusted_host(error):
        # Flask refused the Host (TRUSTED_HOSTS) before matching a route, so the page's own
        # links are made as on the public address, never the one the request named.
        request_ctx.url_adapter = public_url.adapter(app)
        return render_error(
            400, "This server does not answer to the address in that request. Use the site's "
                 f"own address: {public_url.base_url(app)}")

    @app.teardown_appcontext
    def end_session(error):
        # Before Flask-SQLAlchemy's own teardown (registered earlier, so run later): a session
        # whose connection died with the database cannot roll back, which would turn a page
        # already answered into a 500; the pool has dropped that connection already.
        try:
            db.session.remove()
        except exc.SQLAlchemyError as failure:
            if outage_kind(failure) is None:
                raise
            db.session.registry.clear()

    @app.errorhandler(exc.SQLAlchemyError)
    def database_error(error):
        kind = outage_kind(error)
        if kind is None:
            raise error  # a bug, not an outage: the usual 500
        return outage_page(kind)

    @app.errorhandler(HTTPException)
    def http_error(error):
        return render_error(error.code or 500)

    @app.errorhandler(500)
    def server_error(error):
        kind = outage_kind(getattr(error, "original_exception", None))
        if kind is not None:  # the database failed after the view (in an after_request hook)
            return outage_page(kind)
        return render_error(500)

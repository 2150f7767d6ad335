"""Friendly error pages: every 4xx and 5xx says what happened and what to do next."""

from flask import Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

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
          "You have tried this too many times in a short while. Wait a minute and try again."),
    500: ("Sorry, something went wrong on our side",
          "Nothing you did caused this. Your work so far is saved. Try again in a minute."),
}


def render_error(code: int, detail: str | None = None):
    """Render the error page for code, as JSON when the client asked for JSON."""
    title, text = MESSAGES.get(code, MESSAGES[400] if code < 500 else MESSAGES[500])
    if request.accept_mimetypes.best == "application/json":
        return jsonify(error=title, detail=detail or text), code
    return render_template("error.html", code=code, title=title, text=detail or text), code


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

    @app.errorhandler(HTTPException)
    def http_error(error):
        return render_error(error.code or 500)

    @app.errorhandler(500)
    def server_error(error):
        return render_error(500)

"""Never a dead end: a form sent after its sign-in ended, or with a stale CSRF token, is kept.

Its words are kept for their owner (the person signed in, or the one whose sign-in just ended)
and put back in the form once they are signed in; the form is never taken as sent. A form
whose page cannot show it again, or whose owner is unknown, shows the words back to copy.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from flask import flash, jsonify, redirect, render_template, request, session, url_for
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from courseware.extensions import db
from courseware.kept import fields_worth_keeping, has_kept, has_words, keep, take
from courseware.sessions import idle_user_id, keep_sign_in_alive

KEPT = "_kept"  # in the session while its person has kept words: other pages look for none
RESTORED_AT: dict[str, Callable[..., str]] = {}  # endpoint -> the page that shows its form
NEVER_KEPT = ("auth.",)  # sign-in and password forms: nothing of them is kept or shown

STALE = ("This page had been open a long time, or you had signed in again somewhere else, so "
         "what you wrote could not be saved.")
SIGNED_OUT = "Your sign-in had ended, so what you wrote could not be saved."
RESTORED = ("Here is what you wrote before. It is not saved yet: check it, then press the "
            "button to save it.")


def restores(endpoint: str, page: Callable[..., str] | None = None) -> None:
    """Say that the form posted to endpoint is shown again, filled in, by page(**view_args)
    (by default the endpoint's own address, asked for with GET)."""
    RESTORED_AT[endpoint] = page or (lambda **values: url_for(endpoint, **values))


def restored_formdata() -> MultiDict | None:
    """On a page's GET, the signed-in person's kept words for it, to fill its form; else None."""
    if request.method != "GET" or not session.get(KEPT) or not current_user.is_authenticated:
        return None
    fields = take(current_user.id, request.path)
    if not has_kept(current_user.id):
        session.pop(KEPT, None)
    if fields is None:
        return None
    db.session.commit()
    flash(RESTORED, "warning")
    return MultiDict(fields)


def after_sign_in(user_id: int) -> None:
    """Note in the new session whether the person has words kept from before."""
    if has_kept(user_id):
        session[KEPT] = True


def filled_form(form_class, **kwargs):
    """The form, filled with kept words on a GET that has some, else made as usual."""
    kept = restored_formdata()
    return form_class(**kwargs) if kept is None else form_class(formdata=kept, **kwargs)


def signed_out():
    """The answer to a signed-out visitor on a page that needs a sign-in."""
    from courseware.extensions import login_manager

    if request.method == "POST" and _wants_json():
        return jsonify(error="You are signed out", detail="Your sign-in has ended."), 401
    return rescue(stale=False) or login_manager.unauthorized()


def rescue(stale: bool):
    """Keep a posted form's words for their owner and send them where they get them back;
    None when there is nothing to keep (then answer as before)."""
    keep_sign_in_alive()  # a stale token is found before the sign-in is checked
    if (request.method != "POST" or (request.endpoint or "").startswith(NEVER_KEPT)
            or not _same_origin()):
        return None
    fields = fields_worth_keeping(request.form.items(multi=True))
    if not has_words(fields):
        return None
    signed_in = current_user.is_authenticated
    owner = current_user.id if signed_in else idle_user_id()
    maker = RESTORED_AT.get(request.endpoint or "")
    page = maker(**(request.view_args or {})) if maker else None
    if owner is not None and page is not None and keep(owner, page, fields) is not None:
        db.session.commit()
        if signed_in:
            session[KEPT] = True
            return redirect(page, 303)
        flash(SIGNED_OUT + " It is kept for you: sign in again and it will be back in the form.",
              "info")
        return redirect(url_for("auth.login", next=page), 303)
    back = page or _same_site_path(request.referrer)
    return render_template(
        "kept.html", fields=fields, signed_in=signed_in, back=back,
        reason=STALE if signed_in else SIGNED_OUT,
    ), (400 if stale else 401)


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


def _same_origin() -> bool:
    """Whether the form came from one of our own pages (browsers say so; test clients do not)."""
    origin = request.headers.get("Origin")
    if origin is not None and origin.rstrip("/") != request.host_url.rstrip("/"):
        return False
    return request.headers.get("Sec-Fetch-Site", "same-origin") == "same-origin"


def _same_site_path(url: str | None) -> str | None:
    if not url or not url.startswith(request.host_url):
        return None
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")

"""Health check, media files and the help page."""

import re

from flask import Response, abort, jsonify, render_template

from courseware import health
from courseware.extensions import db
from courseware.main import bp
from courseware.models import MediaFile
from courseware.security import ANYONE, role

SHA256 = re.compile(r"[0-9a-f]{64}")


@bp.route("/healthz")
@role(ANYONE)
def healthz():
    """Say how the database, Redis and mail are: 503 only when the database is unreachable."""
    body, status = health.report()
    return jsonify(body), status


@bp.route("/media/<sha256>")
@role(ANYONE)
def media(sha256: str):
    """Serve a package image by the hash of its bytes: immutable, so cached for a year."""
    if not SHA256.fullmatch(sha256):
        abort(404)
    item = db.session.get(MediaFile, sha256)
    if item is None:
        abort(404)
    response = Response(item.data, mimetype=item.content_type)
    response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@bp.route("/help")
@role(ANYONE)
def help_page():
    """Plain-English help for first-timers."""
    return render_template("main/help.html")

"""Authoring: trainers write, preview and publish modules in the browser."""

from flask import Blueprint

bp = Blueprint("authoring", __name__, url_prefix="/authoring")

from courseware.authoring import preview, views  # noqa: E402,F401

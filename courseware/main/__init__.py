"""Site-wide routes: health check and media."""

from flask import Blueprint

bp = Blueprint("main", __name__)

from courseware.main import views  # noqa: E402,F401

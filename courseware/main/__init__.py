"""Site-wide routes: health check and media."""

from flask import Blueprint

bp = Blueprint("main", __name__)

"""The catalogue of published modules."""

from flask import Blueprint

bp = Blueprint("catalogue", __name__)

from courseware.catalogue import views  # noqa: E402,F401

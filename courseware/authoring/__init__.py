"""Authoring: trainers write, preview and publish modules in the browser."""

from flask import Blueprint

bp = Blueprint("authoring", __name__, url_prefix="/authoring")

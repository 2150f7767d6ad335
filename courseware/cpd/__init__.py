"""The learner's CPD record: entries, the year at a glance, exports and sharing."""

from flask import Blueprint, current_app

from courseware.cpd.standards import Framework, load_framework

bp = Blueprint("cpd", __name__)


def framework() -> Framework:
    """The standards framework in force: CPD_STANDARDS_FILE, else the shipped one; read once."""
    path = current_app.config.get("CPD_STANDARDS_FILE")
    cached = current_app.extensions.get("cpd_framework")
    if cached is None or cached[0] != path:
        cached = (path, load_framework(path))
        current_app.extensions["cpd_framework"] = cached
    return cached[1]

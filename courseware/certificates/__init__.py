"""Certificates of completion: issued once, printable, signed, and checkable by anyone."""

from flask import Blueprint

from courseware.certificates.issuing import on_module_completed
from courseware.learn.signals import module_completed

bp = Blueprint("certificates", __name__)
module_completed.connect(on_module_completed)

from courseware.certificates import views  # noqa: E402,F401

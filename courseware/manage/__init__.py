"""Managers see and act on their teams' records; admins run teams, memberships and roles."""

from flask import Blueprint

bp = Blueprint("manage", __name__)

from courseware.manage import views, admin  # noqa: E402,F401,I001 - manager routes first

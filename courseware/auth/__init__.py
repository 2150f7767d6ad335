"""Accounts: register, sign in, sign out."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from courseware.auth import views  # noqa: E402,F401

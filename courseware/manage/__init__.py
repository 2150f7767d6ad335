"""Managers see and act on their teams' records; admins run teams, memberships and roles."""

from flask import Blueprint

bp = Blueprint("manage", __name__)

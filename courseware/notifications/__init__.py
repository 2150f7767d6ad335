"""Emails that reach people before they miss things, the choice of which ones, the private
calendar feed, and the admins' sent log."""

from flask import Blueprint

bp = Blueprint("notifications", __name__)

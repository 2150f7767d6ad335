"""Certificates of completion: issued once, printable, signed, and checkable by anyone."""

from flask import Blueprint

bp = Blueprint("certificates", __name__)

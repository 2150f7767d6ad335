"""The catalogue of published modules."""

from flask import Blueprint

bp = Blueprint("catalogue", __name__)

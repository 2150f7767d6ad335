"""The learner's CPD record: entries, the year at a glance, exports and sharing."""

from flask import Blueprint

bp = Blueprint("cpd", __name__)

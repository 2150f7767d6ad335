"""Taking a module: steps, quizzes, reflections and My learning."""

from flask import Blueprint

bp = Blueprint("learn", __name__)

"""The package format's constants, defined once: what the validator checks and the editor writes."""

from __future__ import annotations

import re

FORMAT = 1
MANIFEST = "module.yaml"
VERSION = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")
LANGUAGE = re.compile(
    r"^[A-Za-z]{2,3}(-[A-Za-z]{3}){0,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|\d{3}))?"
    r"(-([A-Za-z\d]{5,8}|\d[A-Za-z\d]{3}))*$"
)
SPDX = re.compile(
    r"^\(?[A-Za-z0-9][A-Za-z0-9.+-]*\)?( (AND|OR|WITH) \(?[A-Za-z0-9][A-Za-z0-9.+-]*\)?)*$"
)
LEVELS = ("beginner", "intermediate", "advanced")
STEP_TYPES = ("lesson", "quiz", "reflection")
QUESTION_TYPES = ("single", "multiple", "true_false", "text")
MIN_CHOICES, MAX_CHOICES = 2, 10

MODULE_KEYS = [
    "format", "id", "version", "title", "summary", "duration_minutes", "level", "language",
    "tags", "authors", "licence", "outcomes", "pass_mark", "certificate", "steps",
]
MODULE_REQUIRED = ["format", "id", "version", "title", "summary", "duration_minutes", "steps"]
STEP_KEYS = {
    "lesson": ["type", "id", "title", "file"],
    "quiz": ["type", "id", "title", "pass_mark", "shuffle", "questions", "file"],
    "reflection": ["type", "id", "title", "prompt", "min_words"],
}
STEP_REQUIRED = {
    "lesson": ["type", "title", "file"],
    "quiz": ["type", "title"],
    "reflection": ["type", "title", "prompt"],
}
QUIZ_FILE_KEYS = ["pass_mark", "shuffle", "questions"]
QUESTION_COMMON = ["id", "type", "prompt", "explanation"]
QUESTION_KEYS = {
    "single": ["choices"],
    "multiple": ["choices"],
    "true_false": ["answer"],
    "text": ["accept"],
}
CHOICE_KEYS = ["text", "correct", "feedback"]
CERTIFICATE_KEYS = ["enabled", "valid_for_days"]

"""Today's date for assignments and reports (and the CPD year on a learner's page), which
tests and demos can fix with the TODAY setting."""

from datetime import date

from flask import current_app

from courseware.cpd.year import local_today
from courseware.models.base import utcnow


def today() -> date:
    """Today where the learners are (CPD_TIMEZONE), or the TODAY setting when it is set."""
    fixed = current_app.config.get("TODAY")
    if fixed:
        return fixed if isinstance(fixed, date) else date.fromisoformat(str(fixed))
    return local_today(utcnow(), current_app.config.get("CPD_TIMEZONE", "Europe/London"))


def day_text(day: date | None) -> str:
    """14 March 2026."""
    return f"{day:%-d %B %Y}" if day else ""

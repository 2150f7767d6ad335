"""The manager's weekly digest: for each of their teams, who is overdue, how many completed a
module this week, and where the team stands on CPD this year (counts only)."""

from __future__ import annotations

from datetime import date

from courseware import clock
from courseware.domain.cpd_year import rules
from courseware.domain.digests import team_weeks, week_key, week_start
from courseware.models import Notification
from courseware.notifications.composers import Email, composer
from courseware.public_url import public_url


@composer("team_digest")
def team_digest(notification: Notification) -> Email | None:
    """One email covering each team; nothing once the week is over or they manage none."""
    day = date.fromisoformat(notification.facts["day"])
    if week_key(clock.today()) != notification.facts.get("week"):
        return None  # held past its week (sending paused): next week's says it better
    the_rules = rules()
    teams, year = team_weeks(notification.user_id, day, the_rules)
    if not teams:
        return None
    overdue = sum(len(t.overdue) for t in teams)
    monday = week_start(day)
    how_many = f"{overdue} overdue" if overdue else "nobody overdue"
    return Email(
        subject=f"Your teams, week of {clock.day_text(monday)}: {how_many}",
        template="team_digest",
        values={"teams": teams, "monday": monday, "day": day, "year": year,
                "rules": the_rules, "overdue": overdue,
                "dashboard": public_url("manage.overview")},
    )

"""The email telling a learner a module was assigned to them, with its due date as a calendar
event they can add in one click."""

from __future__ import annotations

from courseware.clock import day_text
from courseware.domain.progress import has_completed
from courseware.extensions import db
from courseware.models import Assignment, Notification
from courseware.notifications.composers import Attachment, Email, composer
from courseware.notifications.ics import Day, calendar
from courseware.public_url import public_url


def due_date_event(assignment: Assignment, link: str) -> Day:
    """The assignment's due date as a calendar event (the same one in the email and the feed)."""
    title = assignment.module.current_version.title
    return Day(uid=f"assignment-{assignment.id}@courseware", day=assignment.due_on,
               summary=f"Due: {title}", url=link,
               description=f"Complete the module {title!r} by the end of today. {link}")


@composer("assigned")
def assigned(notification: Notification) -> Email | None:
    """A module assigned, with its due date and an .ics of it; nothing if already done."""
    assignment = db.session.get(Assignment, notification.facts.get("assignment_id"))
    if assignment is None or assignment.module.current_version is None:
        return None
    if has_completed(notification.user_id, assignment.module_id):
        return None
    due_on = assignment.due_on.isoformat() if assignment.due_on else None
    if notification.facts.get("due_on", due_on) != due_on:
        return None  # the due date changed before this was sent: the newer email says so
    title = assignment.module.current_version.title
    link = public_url("catalogue.module", slug=assignment.module.slug)
    attachments = ()
    if assignment.due_on is not None:
        ics = calendar([due_date_event(assignment, link)], method="PUBLISH")
        attachments = (Attachment("due-date.ics", "text/calendar", ics),)
    due = f" by {day_text(assignment.due_on)}" if assignment.due_on else ""
    return Email(
        subject=f"New module to complete{due}: {title}",
        template="assigned",
        values={"title": title, "link": link, "due_on": assignment.due_on,
                "minutes": assignment.module.current_version.duration_minutes},
        attachments=attachments,
    )

"""CPD entries: what each field means, what a finished entry needs, and loading and deleting."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from urllib.parse import urlsplit

from sqlalchemy import delete, select

from courseware.extensions import db
from courseware.models import CpdAttachment, CpdAttachmentData, CpdEntry
from courseware.models.cpd import DRAFT, RECORDED

# The kinds of activity, in the words a learner would use; keys are stored.
TYPES = {
    "elearning": "E-learning module",
    "event": "Workshop, conference or event",
    "online": "Online discussion or social media",
    "reading": "Reading or research",
    "supervision": "Supervision",
    "shadowing": "Shadowing or observation",
    "course": "Course or qualification",
    "other": "Other",
}
MAX_LINKS = 10
MAX_LINK = 2000
EARLIEST = date(1990, 1, 1)

# The entry's fields in the order the regulator's online form asks for them, with the question
# each answers. Exports and the entry page use this one list.
FORM_FIELDS = [
    ("activity_type", "Type of CPD"),
    ("title", "Title"),
    ("activity_date", "Date of the activity"),
    ("minutes", "Time spent"),
    ("description", "What the activity was, and why it is relevant to your practice"),
    ("learning", "What you learnt"),
    ("impact_on_practice", "How it has changed, or will change, your practice"),
    ("impact_on_people", "The difference it makes to the people you work with"),
]
PEER_FIELDS = [
    ("peer_name", "Who you reflected with"),
    ("peer_role", "Their role"),
    ("peer_date", "Date of the discussion"),
    ("peer_learning", "What you learnt from the discussion"),
]


def parse_links(text: str) -> tuple[list[str], list[str]]:
    """Web links, one per line: (links, problems). Only http and https addresses are kept."""
    links, problems = [], []
    for line in (text or "").splitlines():
        url = line.strip()
        if not url:
            continue
        parts = urlsplit(url)
        if len(url) > MAX_LINK:
            problems.append(f"A link is longer than {MAX_LINK} characters. Shorten it or leave "
                            "it out.")
        elif parts.scheme.lower() not in ("http", "https") or not parts.netloc:
            problems.append(f"“{url[:80]}” is not a web address. Links must start with "
                            "https:// or http://.")
        elif url not in links:
            links.append(url)
    if len(links) > MAX_LINKS:
        problems.append(f"Add at most {MAX_LINKS} links. Attach the rest as files, or list them "
                        "in the description.")
    return links, problems


def finish_problems(values: Mapping, today: date) -> list[tuple[str, str]]:
    """What stops an entry being recorded as finished: (field, message) pairs."""
    problems = []

    def blank(name: str) -> bool:
        value = values.get(name)
        return value is None or (isinstance(value, str) and not value.strip())

    if blank("activity_type") or values.get("activity_type") not in TYPES:
        problems.append(("activity_type", "Choose the type of activity."))
    if blank("activity_date"):
        problems.append(("activity_date", "Enter the date of the activity."))
    for name, message in [
        ("description", "Say what the activity was and why it is relevant to you."),
        ("learning", "Say what you learnt. A sentence or two is enough."),
        ("impact_on_practice", "Say how it has changed, or will change, your practice."),
    ]:
        if blank(name):
            problems.append((name, message))
    if any(not blank(name) for name, _ in PEER_FIELDS):
        if blank("peer_name"):
            problems.append(("peer_name", "Say who you reflected with, or clear the peer "
                             "reflection fields."))
        if blank("peer_learning"):
            problems.append(("peer_learning", "Say what you learnt from the discussion, or clear "
                             "the peer reflection fields."))
    return problems


def date_problems(values: Mapping, today: date) -> list[tuple[str, str]]:
    """Dates no entry may have, draft or not: after today (an entry records what happened, and
    its date says which year it counts towards), or before 1990."""
    problems = []
    for name in ("activity_date", "peer_date"):
        day = values.get(name)
        if not isinstance(day, date):
            continue
        if day > today:
            problems.append((name, f"{day:%-d %B %Y} is after today ({today:%-d %B %Y}). Enter "
                             "the day it happened."))
        elif day < EARLIEST:
            problems.append((name, f"Enter a date between {EARLIEST.year} and today."))
    return problems


def autosave_values(values: dict, errors: Mapping, links_text: str | None,
                    today: date) -> tuple[dict, list[str]]:
    """What a draft saved while typing takes: every value without a problem; and the problems."""
    bad = {name for name, messages in errors.items() if messages}
    if bad & {"hours", "minutes"}:
        bad.add("minutes")
    kept = {name: value for name, value in values.items() if name not in bad}
    problems = [message for name, messages in errors.items()
                if name not in ("title", "csrf_token") for message in messages]
    links, link_problems = parse_links(links_text or "")
    if link_problems:
        problems += link_problems
    else:
        kept["links"] = links
    for name, message in date_problems(kept, today):
        kept.pop(name, None)
        problems.append(message)
    return kept, problems


def has_content(values: Mapping) -> bool:
    """Whether any value holds something the person entered."""
    return any(value.strip() if isinstance(value, str) else value not in (None, [], {})
               for value in values.values())


def apply(entry: CpdEntry, values: Mapping, finished: bool) -> None:
    """Copy checked values onto the entry and set its status."""
    for name in ("activity_type", "title", "activity_date", "minutes", "description", "learning",
                 "impact_on_practice", "impact_on_people", "peer_name", "peer_role", "peer_date",
                 "peer_learning", "standards", "links"):
        if name in values:
            value = values[name]
            setattr(entry, name, value.strip() if isinstance(value, str) else value)
    entry.status = RECORDED if finished else DRAFT
    if entry.status == DRAFT and entry.shared_with_manager:
        entry.shared_with_manager, entry.shared_at = False, None


def own_entry(entry_id: int, user_id: int) -> CpdEntry | None:
    """The user's entry with this id, or None for anyone else's."""
    return db.session.scalar(
        select(CpdEntry).where(CpdEntry.id == entry_id, CpdEntry.user_id == user_id)
    )


def entries_of(user_id: int) -> list[CpdEntry]:
    """Every entry of the user's record, newest activity first, undated drafts at the top."""
    return list(db.session.scalars(
        select(CpdEntry)
        .where(CpdEntry.user_id == user_id)
        .order_by(CpdEntry.activity_date.is_(None).desc(), CpdEntry.activity_date.desc(),
                  CpdEntry.id.desc())
    ))


def attachments_of(entry_ids: list[int]) -> dict[int, list[CpdAttachment]]:
    """The attachments (without their bytes) of each entry, in one query."""
    found: dict[int, list[CpdAttachment]] = {i: [] for i in entry_ids}
    if entry_ids:
        rows = db.session.scalars(
            select(CpdAttachment).where(CpdAttachment.entry_id.in_(entry_ids))
            .order_by(CpdAttachment.id)
        )
        for item in rows:
            found[item.entry_id].append(item)
    return found


def delete_entry(entry: CpdEntry) -> None:
    """Delete an entry with its attachments and their bytes (every database, no cascades)."""
    ids = select(CpdAttachment.id).where(CpdAttachment.entry_id == entry.id)
    db.session.execute(delete(CpdAttachmentData).where(CpdAttachmentData.attachment_id.in_(ids)))
    db.session.execute(delete(CpdAttachment).where(CpdAttachment.entry_id == entry.id))
    db.session.delete(entry)

"""The outbox: deciding an email once, and sending it at least once.

Deciding inserts a Notification row under a unique (person, kind, event) key, in the
transaction that decides; a second decision about the same event, by any worker on any server,
finds the row and adds nothing. Sending claims a row for a while (an UPDATE only one worker can
win), hands the email to the mail server, and only then marks it sent. A mail server that is
down or refuses leaves the row waiting, to be tried again later with a growing pause.

Which side of the send a killed worker falls: killed before the mail server accepted the
email, the claim runs out and another worker sends it (once). Killed in the moment after the
server accepted it and before the row is marked sent, it is sent a second time when the claim
runs out; the Message-ID is the same both times, so mail programs can tell.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select, tuple_, update

from courseware import clock
from courseware.extensions import db
from courseware.models import Notification, NotificationChoice, SiteSetting
from courseware.models.notifications import FAILED, SENT, SKIPPED, WAITING
from courseware.models.upsert import dialect_insert, insert_ignore, upsert


@dataclass(frozen=True)
class Kind:
    """A kind of email: how people see it on their preferences page, and how it is sent."""

    name: str
    label: str  # on the preferences page and in the sent log
    audience: str  # "learner", "manager", or "account": about the account's safety, always on
    can_turn_off: bool = True
    quiet_hours: bool = True  # held until the morning if decided at night
    security: bool = False  # sent even while an admin has paused sending


KINDS = {kind.name: kind for kind in (
    Kind("welcome", "Welcome to a new account, with a link to set your password", "learner",
         can_turn_off=False, quiet_hours=False),
    Kind("assigned", "A module assigned to you", "learner"),
    Kind("due_soon", "A module due in 7 days and in 1 day", "learner"),
    Kind("overdue", "A module past its due date", "learner"),
    Kind("certificate_issued", "A certificate issued to you", "learner"),
    Kind("certificate_expiring", "A certificate about to expire, and on the day it does",
         "learner"),
    Kind("cpd_deadline", "The CPD deadline coming up, and where you stand", "learner"),
    Kind("team_digest", "A weekly summary of your teams", "manager"),
    # Sent at once when asked for (domain/security_emails.py); nobody can turn them off.
    # Nor can an admin's pause hold them: a password reset must never wait.
    *(Kind(name, label, "account", can_turn_off=False, quiet_hours=False, security=True)
      for name, label in (
        ("account_ready", "Your new account is ready"),
        ("register_attempt", "Someone tried to create an account with your email address"),
        ("password_reset", "A link to reset your password, when you ask for one"),
        ("email_confirm", "A link to confirm a new email address, sent to that address"),
        ("email_in_use", "Someone tried to move another account to your email address"),
        ("email_change_asked", "Someone asked to change your account's email address"),
        ("email_changed_by_admin", "An administrator changed your account's email address"),
    )),
)}

PAUSED = "sending_paused"
FIRST_HOUR, LAST_HOUR = 8, 20  # sending hours, in the CPD time zone
CLAIM = timedelta(minutes=5)  # longer than any one send takes
MAX_ATTEMPTS = 12  # over about a day and a half, with the pauses below


def sending_hours(moment: datetime) -> datetime:
    """The moment itself if it falls in sending hours where the learners are, else the next
    morning's first sending hour (never 3 a.m.)."""
    local = clock.local(moment)
    if FIRST_HOUR <= local.hour < LAST_HOUR:
        return moment
    day = local.date() if local.hour < FIRST_HOUR else local.date() + timedelta(days=1)
    return clock.start_of(day, FIRST_HOUR)


def record(user_id: int, kind: str, event_key: str, facts: dict | None = None,
           expires_at: datetime | None = None, now: datetime | None = None) -> bool:
    """Decide to send one email about one event; False when it was decided before. Not
    committed: it belongs to the caller's transaction."""
    now = now or clock.now()
    send_after = sending_hours(now) if KINDS[kind].quiet_hours else now
    return insert_ignore(
        Notification, ["user_id", "kind", "event_key"], user_id=user_id, kind=kind,
        event_key=event_key[:120], facts=facts or {}, status=WAITING, created_at=now,
        send_after=send_after, expires_at=expires_at, attempts=0,
    )


@dataclass(frozen=True)
class Decision:
    """One email decided, before it is recorded: whom, what kind, about which event."""

    user_id: int
    kind: str
    event_key: str
    facts: dict
    expires_at: datetime | None = None


CHUNK = 1000  # rows handed to the driver at once: few enough to keep memory (and its upkeep) low


def _not_decided_before(decisions: list[Decision]) -> list[Decision]:
    """Those of the decisions not already in the outbox, in one query (a run that decides
    nothing new then inserts nothing; a race between two runs is left to ON CONFLICT)."""
    events = {(d.kind, d.event_key[:120]) for d in decisions}
    if not events:
        return []
    known = {tuple(row) for row in db.session.execute(
        select(Notification.user_id, Notification.kind, Notification.event_key)
        .where(tuple_(Notification.kind, Notification.event_key).in_(list(events))))}
    return [d for d in decisions if (d.user_id, d.kind, d.event_key[:120]) not in known]


def record_many(decisions: list[Decision], now: datetime | None = None) -> int:
    """Decide many emails at once, a thousand rows per INSERT (the driver batches them);
    how many were new (the others were decided before). Not committed."""
    decisions = _not_decided_before(decisions)
    if not decisions:
        return 0
    now = now or clock.now()
    table = Notification.__table__
    insert = dialect_insert(db.session.get_bind().dialect.name)
    statement = (insert(table)
                 .on_conflict_do_nothing(index_elements=["user_id", "kind", "event_key"])
                 .returning(table.c.id))
    added = 0
    for start in range(0, len(decisions), CHUNK):
        rows = [{"user_id": d.user_id, "kind": d.kind, "event_key": d.event_key[:120],
                 "facts": d.facts, "status": WAITING, "created_at": now,
                 "send_after": sending_hours(now) if KINDS[d.kind].quiet_hours else now,
                 "expires_at": d.expires_at, "attempts": 0}
                for d in decisions[start:start + CHUNK]]
        added += len(db.session.execute(statement, rows).all())
    return added


def turned_off(user_ids, kind: str) -> set[int]:
    """Which of these people turned this kind of email off."""
    if not KINDS[kind].can_turn_off:
        return set()
    return set(db.session.scalars(select(NotificationChoice.user_id).where(
        NotificationChoice.kind == kind, NotificationChoice.enabled.is_(False),
        NotificationChoice.user_id.in_(list(user_ids)))))


def wants(user_id: int, kind: str) -> bool:
    """Whether this person wants this kind of email (every kind is on until turned off)."""
    return user_id not in turned_off([user_id], kind)


def choose(user_id: int, kind: str, enabled: bool, weekday: int | None = None) -> None:
    """Turn a kind of email on or off for one person (and, for the digest, choose its day).
    Not committed."""
    if not KINDS[kind].can_turn_off:
        enabled = True
    upsert(NotificationChoice, ["user_id", "kind"], user_id=user_id, kind=kind,
           enabled=enabled, weekday=weekday, changed_at=clock.now())


def is_paused() -> bool:
    """Whether an admin has paused all sending."""
    return db.session.get(SiteSetting, PAUSED) is not None


def set_paused(paused: bool, by_id: int | None) -> None:
    """Pause or resume all sending; waiting emails stay waiting meanwhile. Not committed."""
    setting = db.session.get(SiteSetting, PAUSED)
    if paused and setting is None:
        db.session.add(SiteSetting(name=PAUSED, value="yes", changed_by_id=by_id))
    elif not paused and setting is not None:
        db.session.delete(setting)


NEVER_PAUSED = tuple(kind.name for kind in KINDS.values() if kind.security)


def due(now: datetime, limit: int = 200, paused: bool = False) -> list[int]:
    """Ids of waiting emails whose time has come and that no worker holds; while sending is
    paused, only the emails that keep accounts safe (a password reset must never wait)."""
    statement = (
        select(Notification.id)
        .where(Notification.status == WAITING, Notification.send_after <= now,
               or_(Notification.claimed_until.is_(None), Notification.claimed_until < now))
        .order_by(Notification.send_after, Notification.id).limit(limit))
    if paused:
        statement = statement.where(Notification.kind.in_(NEVER_PAUSED))
    return list(db.session.scalars(statement))


def claim(notification_id: int, now: datetime) -> bool:
    """Hold one waiting email for this worker while it sends; False when another holds it or
    it is no longer waiting. Committed, so that other workers see the claim at once."""
    result = db.session.execute(
        update(Notification)
        .where(Notification.id == notification_id, Notification.status == WAITING,
               or_(Notification.claimed_until.is_(None), Notification.claimed_until < now))
        .values(claimed_until=now + CLAIM, attempts=Notification.attempts + 1)
        .execution_options(synchronize_session=False))
    db.session.commit()
    return result.rowcount == 1


def mark_sent(notification: Notification, address: str, subject: str, now: datetime) -> None:
    """The mail server accepted it. Committed."""
    notification.status, notification.sent_at = SENT, now
    notification.address, notification.subject = address, subject[:200]
    notification.claimed_until = notification.last_error = None
    db.session.commit()


def mark_skipped(notification: Notification, why: str) -> None:
    """Not to be sent after all (turned off, out of date, the event gone). Committed."""
    notification.status, notification.last_error = SKIPPED, why[:200]
    notification.claimed_until = None
    db.session.commit()


def retry_pause(attempts: int, first: timedelta = timedelta(minutes=1)) -> timedelta:
    """How long to wait before trying again: 1, 2, 4 … minutes (by default), at most 4 hours."""
    return min(first * 2 ** max(attempts - 1, 0), timedelta(hours=4))


def mark_failed(notification: Notification, error: str, now: datetime,
                first_pause: timedelta = timedelta(minutes=1)) -> None:
    """The mail server was down or refused: try again later, or give up after MAX_ATTEMPTS
    (the sent log shows it). Committed."""
    notification.last_error = error[:200]
    notification.claimed_until = None
    if notification.attempts >= MAX_ATTEMPTS:
        notification.status = FAILED
    else:
        notification.send_after = now + retry_pause(notification.attempts, first_pause)
    db.session.commit()

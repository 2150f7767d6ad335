"""Exports of a CPD record: a PDF to keep or show an assessor, a CSV, and everything about a
learner as one zip. Entries are laid out in the order the regulator's online form asks for."""

from __future__ import annotations

import csv
import io
import json
import re
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from courseware import clock, models
from courseware.clock import DEFAULT_TIMEZONE
from courseware.cpd.entries import FORM_FIELDS, PEER_FIELDS, TYPES
from courseware.cpd.standards import Framework
from courseware.domain.cpd_sharing import Compliance
from courseware.domain.cpd_year import Year
from courseware.extensions import db
from courseware.models import (
    CpdAttachment,
    CpdAttachmentData,
    CpdEntry,
    Enrolment,
    QuizAttempt,
    Reflection,
    Step,
    StepProgress,
    User,
)
from courseware.spreadsheet import spreadsheet_cell

CSV_COLUMNS = [
    "Entry number", "Status", "Type of CPD", "Title", "Date of the activity",
    "Time spent (minutes)", "What the activity was", "What I learnt", "Impact on my practice",
    "Impact on the people I work with", "Who I reflected with", "Their role",
    "Date of the discussion", "What I learnt from the discussion", "Professional standards",
    "Links", "Files", "Shared with my manager", "Last changed",
]


@dataclass(frozen=True)
class Row:
    """One labelled answer of an entry, as the regulator's form asks for it."""

    label: str
    value: str


def minutes_text(minutes: int | None) -> str:
    """'1 hour 30 minutes', in words."""
    if not minutes:
        return ""
    return clock.span_text(minutes)


def form_rows(entry: CpdEntry) -> list[Row]:
    """The entry's main answers, labelled as the regulator's form asks for them."""
    values = {
        "activity_type": TYPES.get(entry.activity_type, entry.activity_type),
        "title": entry.title,
        "activity_date": clock.day_text(entry.activity_date),
        "minutes": minutes_text(entry.minutes),
        "description": entry.description,
        "learning": entry.learning,
        "impact_on_practice": entry.impact_on_practice,
        "impact_on_people": entry.impact_on_people,
    }
    return [Row(label, values[name]) for name, label in FORM_FIELDS]


def peer_rows(entry: CpdEntry) -> list[Row]:
    """The peer reflection's answers, or none when the entry has no peer reflection."""
    if not entry.has_peer_reflection:
        return []
    values = {"peer_name": entry.peer_name, "peer_role": entry.peer_role,
              "peer_date": clock.day_text(entry.peer_date), "peer_learning": entry.peer_learning}
    return [Row(label, values[name]) for name, label in PEER_FIELDS]


def in_period(entries: Iterable[CpdEntry], year: Year | None) -> list[CpdEntry]:
    """Finished entries of the year (all finished entries when year is None), oldest first."""
    chosen = [e for e in entries if not e.is_draft and (year is None or e.activity_date in year)]
    return sorted(chosen, key=lambda e: (e.activity_date or date.min, e.id))


# --- CSV --------------------------------------------------------------------------------------


def _cell(value: str) -> str:
    """Stop a spreadsheet from running a cell as a formula; lists typed with "- " stay as typed."""
    return spreadsheet_cell(value, allow_dash_lists=True)


def csv_row(entry: CpdEntry, framework: Framework, files: list[CpdAttachment],
            zone: str = DEFAULT_TIMEZONE) -> list[str]:
    """One entry as CSV cells, in CSV_COLUMNS order; the time last changed in the time zone."""
    changed = f"{clock.local(entry.updated_at, zone):%Y-%m-%d %H:%M}" if entry.updated_at else ""
    values = [
        str(entry.id), "Draft" if entry.is_draft else "Finished",
        TYPES.get(entry.activity_type, entry.activity_type) or "",
        entry.title, entry.activity_date.isoformat() if entry.activity_date else "",
        str(entry.minutes or ""), entry.description, entry.learning, entry.impact_on_practice,
        entry.impact_on_people, entry.peer_name, entry.peer_role,
        entry.peer_date.isoformat() if entry.peer_date else "", entry.peer_learning,
        "; ".join(framework.labels(entry.standards or [])), " ".join(entry.links or []),
        "; ".join(a.filename for a in files), "Yes" if entry.shared_with_manager else "No",
        changed,
    ]
    return [_cell(v) for v in values]


def csv_lines(entries: Iterable[CpdEntry], framework: Framework,
              attachments: dict[int, list[CpdAttachment]],
              zone: str = DEFAULT_TIMEZONE) -> Iterator[str]:
    """The CSV, a line at a time: a header row, then one row per entry."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    yield "\ufeff"  # so that spreadsheets read the file as UTF-8
    writer.writerow(CSV_COLUMNS)
    yield flush()
    for entry in entries:
        writer.writerow(csv_row(entry, framework, attachments.get(entry.id, []), zone))
        yield flush()


TEAM_CSV_COLUMNS = [
    "Name", "Entries recorded", "Entries needed", "With peer reflection", "Peer reflection needed",
    "Drafts", "Latest activity", "Status", "Shared with you",
]


def team_csv(rows: Iterable[Compliance]) -> str:
    """The manager's CPD page as a CSV: one row per person, the same figures as the table."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(TEAM_CSV_COLUMNS)
    for row in rows:
        writer.writerow([
            _cell(row.name), str(row.recorded), str(row.minimum_entries), str(row.with_peer),
            str(row.minimum_peer), str(row.drafts),
            row.last_activity.isoformat() if row.last_activity else "",
            "Done for this year" if row.met else "Still to do",
            _cell("; ".join(title for _, title in row.shared)),
        ])
    return "\ufeff" + buffer.getvalue()  # the mark makes spreadsheets read it as UTF-8


# --- Everything about a learner ---------------------------------------------------------------

PRIVATE_COLUMNS = {"password_hash", "session_token", "secret_hash"}


def _plain(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return None
    return value


def row_dict(item) -> dict:
    """Every column of a row, as JSON-ready values; secrets and bytes left out."""
    return {c.key: _plain(getattr(item, c.key)) for c in item.__table__.columns
            if c.key not in PRIVATE_COLUMNS and not isinstance(getattr(item, c.key), bytes)}


def _rows(model, *where, order=None) -> list[dict]:
    query = select(model).where(*where).order_by(*(order or [model.id]))
    return [row_dict(item) for item in db.session.scalars(query)]


def _json(data) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False)


def _zip_name(name: str) -> str:
    return re.sub(r"[^\w.\-]+", "-", name).strip("-") or "file"


README = """Everything CPD Learning holds about you, as of {made}.

account.json             your account (your password is stored only as a one-way hash, not
                         included)
cpd/record.json          every entry of your CPD record, drafts too, with every field
cpd/record.csv           the same entries as a spreadsheet
cpd/attachments/         the files you attached, in a folder per entry
learning/enrolments.json the modules you started and completed
learning/steps.json      each step you completed, and when
learning/reflections.json  your reflections in modules, in your own words
learning/quiz-attempts.json  every quiz attempt, with your answers and results
{extra}"""


def archive(user: User, framework: Framework, made_on: date,
            zone: str = DEFAULT_TIMEZONE) -> tempfile.SpooledTemporaryFile:
    """A zip of everything held about the user, in a temporary file positioned at the start."""
    out = tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024)
    extra = []
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("account.json", _json(row_dict(user)))

        entries = list(db.session.scalars(
            select(CpdEntry).where(CpdEntry.user_id == user.id).order_by(CpdEntry.id)))
        files: dict[int, list[CpdAttachment]] = {}
        for item in db.session.scalars(
            select(CpdAttachment).where(CpdAttachment.user_id == user.id)
            .order_by(CpdAttachment.id)
        ):
            files.setdefault(item.entry_id, []).append(item)
        record = []
        for entry in entries:
            data = row_dict(entry)
            data["standards_labels"] = framework.labels(entry.standards or [])
            data["attachments"] = [row_dict(a) for a in files.get(entry.id, [])]
            record.append(data)
        zf.writestr("cpd/record.json", _json(record))
        zf.writestr("cpd/record.csv", "".join(csv_lines(entries, framework, files, zone)))
        blobs = db.session.execute(
            select(CpdAttachment, CpdAttachmentData.data)
            .join(CpdAttachmentData, CpdAttachmentData.attachment_id == CpdAttachment.id)
            .where(CpdAttachment.user_id == user.id)
            .order_by(CpdAttachment.id)
            .execution_options(yield_per=4)
        )
        for item, data in blobs:
            zf.writestr(f"cpd/attachments/entry-{item.entry_id}/{item.id}-"
                        f"{_zip_name(item.filename)}", data)

        enrolments = _rows(Enrolment, Enrolment.user_id == user.id)
        titles = dict(db.session.execute(
            select(Enrolment.id, models.ModuleVersion.title)
            .join(models.ModuleVersion, models.ModuleVersion.id == Enrolment.module_version_id)
            .where(Enrolment.user_id == user.id)
        ).all())
        for item in enrolments:
            item["module_title"] = titles.get(item["id"])
        zf.writestr("learning/enrolments.json", _json(enrolments))
        mine = select(Enrolment.id).where(Enrolment.user_id == user.id)
        steps = [
            {"enrolment_id": e, "step": key, "title": title, "completed_at": _plain(at)}
            for e, key, title, at in db.session.execute(
                select(StepProgress.enrolment_id, Step.key, Step.title, StepProgress.completed_at)
                .join(Step, Step.id == StepProgress.step_id)
                .where(StepProgress.enrolment_id.in_(mine))
                .order_by(StepProgress.enrolment_id, StepProgress.completed_at, StepProgress.id)
            )
        ]
        zf.writestr("learning/steps.json", _json(steps))
        zf.writestr("learning/reflections.json",
                    _json(_rows(Reflection, Reflection.user_id == user.id)))
        zf.writestr("learning/quiz-attempts.json",
                    _json(_rows(QuizAttempt, QuizAttempt.user_id == user.id)))

        # Tables other features add (certificates, for one) join in when they exist.
        for name, filename, what in (
            ("Certificate", "certificates.json", "your certificates"),
            ("SignIn", "sign-ins.json", "the devices you signed in on, and when (no addresses)"),
        ):
            model = getattr(models, name, None)
            if model is not None and hasattr(model, "user_id"):
                zf.writestr(filename, _json(_rows(model, model.user_id == user.id)))
                extra.append(f"{filename:25}{what}\n")
        zf.writestr("README.txt", README.format(made=clock.day_text(made_on),
                                                extra="".join(extra)))
    out.seek(0)
    return out

"""A team's dashboard: learners by assigned modules, filtered, sorted and paged in SQL.

The page and the CSV export are built from the same rows, so that the spreadsheet holds the
same learners, in the same order, as the screen for the same filters. The screen says each cell
in words (`MatrixRow.texts`); the CSV gives its parts their own columns (`MatrixRow.values`):
status, steps, due date, completion date and score, dates as ISO 8601 for spreadsheets.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache

from sqlalchemy import Integer, and_, bindparam, func, select, true

from courseware import clock
from courseware.domain.cells import (
    COMPLETED,
    IN_PROGRESS,
    NOT_STARTED,
    OVERDUE,
    STATUSES,
    cells,
    completed_in,
    count_where,
    mean_score,
)
from courseware.extensions import db
from courseware.models import Assignment, Module, ModuleVersion, TeamMember, User
from courseware.spreadsheet import spreadsheet_cell

SORTS = {"name": "Name", "completed": "Modules completed", "overdue": "Modules overdue"}
ORDERS = {"asc": "ascending", "desc": "descending"}


@dataclass(frozen=True)
class Filters:
    """What the manager asked to see."""

    module_id: int | None = None
    status: str | None = None
    completed_from: date | None = None
    completed_to: date | None = None
    sort: str = "name"
    order: str = "asc"
    page: int = 1

    def args(self, **changes) -> dict:
        """The filters as query-string arguments (empty ones left out), with changes."""
        values = {
            "module": self.module_id, "status": self.status,
            "completed_from": self.completed_from.isoformat() if self.completed_from else None,
            "completed_to": self.completed_to.isoformat() if self.completed_to else None,
            "sort": self.sort if self.sort != "name" else None,
            "order": self.order if self.order != "asc" else None,
            "page": self.page if self.page != 1 else None,
        } | changes
        return {k: v for k, v in values.items() if v not in (None, "")}

    @property
    def narrowed(self) -> bool:
        """True when some learners may be left out by the filters."""
        return bool(self.status or self.completed_from or self.completed_to)


@dataclass(frozen=True)
class Column:
    """An assigned module, as a column of the matrix."""

    module_id: int
    slug: str
    title: str


@dataclass(frozen=True)
class Cell:
    """Where one learner stands on one assigned module."""

    status: str
    due_on: date | None = None
    completed_at: datetime | None = None
    done: int = 0
    total: int = 0
    score: int | None = None

    @property
    def label(self) -> str:
        return STATUSES[self.status]

    @property
    def detail(self) -> str:
        """The words after the status: dates, step and score."""
        step = f"step {min(self.done + 1, self.total)} of {self.total}" if self.total else ""
        if self.status == COMPLETED:
            when = clock.day_text(self.completed_at)
            return when + (f", score {self.score}%" if self.score is not None else "")
        if self.status == OVERDUE:
            return f"{step or 'not started'}, was due {clock.day_text(self.due_on)}"
        due = f"due {clock.day_text(self.due_on)}" if self.due_on else ""
        if self.status == IN_PROGRESS:
            return ", ".join(p for p in (step, due) if p)
        return due

    @property
    def text(self) -> str:
        return f"{self.label}: {self.detail}" if self.detail else self.label

    def values(self) -> list[str]:
        """The cell for a spreadsheet, one value per CSV_CELL_FIELDS column."""
        started = self.total > 0
        return [
            self.label,
            str(self.done) if started else "",
            str(self.total) if started else "",
            self.due_on.isoformat() if self.due_on else "",
            clock.day_of(self.completed_at).isoformat() if self.status == COMPLETED else "",
            str(self.score) if self.status == COMPLETED and self.score is not None else "",
        ]


NOT_ASSIGNED = "Not assigned"
CSV_CELL_FIELDS = ["status", "steps done", "steps in all", "due date", "completed on",
                   "score (%)"]


@dataclass
class MatrixRow:
    """One learner's row."""

    user_id: int
    name: str
    email: str
    assigned: int
    completed: int
    overdue: int
    cells: list[Cell | None] = field(default_factory=list)

    def texts(self) -> list[str]:
        """The row's cells exactly as shown on screen and written to the CSV."""
        return [
            self.name,
            self.email,
            *[c.text if c else NOT_ASSIGNED for c in self.cells],
            f"{self.completed} of {self.assigned}",
            str(self.overdue),
        ]

    def values(self) -> list[str]:
        """The row for the CSV: each cell's parts in columns of their own, under csv_headings."""
        empty = [NOT_ASSIGNED] + [""] * (len(CSV_CELL_FIELDS) - 1)
        return [
            self.name,
            self.email,
            *[value for c in self.cells for value in (c.values() if c else empty)],
            str(self.completed),
            str(self.assigned),
            str(self.overdue),
        ]


@dataclass
class Matrix:
    """One page of the dashboard, with totals over every page."""

    columns: list[Column]
    rows: list[MatrixRow]
    filters: Filters
    page_size: int
    row_count: int = 0
    assigned: int = 0
    completed: int = 0
    overdue: int = 0

    @property
    def headings(self) -> list[str]:
        return headings(self.columns)

    @property
    def completion_rate(self) -> int | None:
        return round(100 * self.completed / self.assigned) if self.assigned else None

    @property
    def pages(self) -> int:
        return max(1, -(-self.row_count // self.page_size))


def headings(columns: list[Column]) -> list[str]:
    """The matrix's column headings, on screen and in the CSV."""
    return ["Learner", "Email", *[c.title for c in columns], "Completed", "Overdue"]


def csv_headings(columns: list[Column]) -> list[str]:
    """The CSV's column headings, in words: each module's title with what the column holds."""
    return ["Learner", "Email",
            *[f"{c.title}: {field}" for c in columns for field in CSV_CELL_FIELDS],
            "Modules completed", "Modules assigned", "Modules overdue"]


def team_columns(team_id: int, module_id: int | None = None) -> list[Column]:
    """The modules assigned to anyone in the team, by title (one query)."""
    statement = (
        select(Module.id, Module.slug, ModuleVersion.title)
        .join(ModuleVersion, ModuleVersion.id == Module.current_version_id)
        .where(Module.id.in_(select(Assignment.module_id).where(Assignment.team_id == team_id)))
        .order_by(ModuleVersion.title, Module.id)
    )
    return [Column(mid, slug, title) for mid, slug, title in db.session.execute(statement)]


@dataclass(frozen=True)
class Shape:
    """Which filters are in use, and the order: what a dashboard query's SQL depends on. The
    values themselves go in as bound parameters, so each shape's statement is built once."""

    module: bool
    status: bool
    completed_from: bool
    completed_to: bool
    sort: str
    order: str

    @property
    def narrowed(self) -> bool:
        return self.status or self.completed_from or self.completed_to


def _shape(filters: Filters) -> Shape:
    return Shape(filters.module_id is not None, bool(filters.status),
                 bool(filters.completed_from), bool(filters.completed_to), filters.sort,
                 filters.order)


def _params(team_id: int, filters: Filters, today: date) -> dict:
    """The values for a shape's bound parameters."""
    return {
        "team_id": team_id, "today": today, "module_id": filters.module_id,
        "status": filters.status,
        "from_start": clock.start_of(filters.completed_from) if filters.completed_from else None,
        "to_end": (clock.start_of(filters.completed_to + timedelta(days=1))
                   if filters.completed_to else None),
    }


def _rows_statement(shape: Shape):
    """Learners matching the filters with their counts, sorted; and the cells CTE."""
    c = cells(TeamMember.team_id == bindparam("team_id"), bindparam("today"),
              bindparam("module_id") if shape.module else None)
    match = [true()]
    if shape.status:
        match.append(c.c.status == bindparam("status"))
    if shape.completed_from or shape.completed_to:
        match.append(completed_in(c.c.completed_at,
                                  bindparam("from_start") if shape.completed_from else None,
                                  bindparam("to_end") if shape.completed_to else None))
    assigned_n = func.count()
    completed_n = count_where(c.c.status == COMPLETED)
    overdue_n = count_where(c.c.status == OVERDUE)
    statement = (
        select(
            c.c.user_id, User.name, User.email,
            assigned_n.label("assigned"), completed_n.label("completed"),
            overdue_n.label("overdue"),
        )
        .join(User, User.id == c.c.user_id)
        .group_by(c.c.user_id, User.name, User.email)
    )
    if shape.narrowed:
        statement = statement.having(count_where(and_(*match)) > 0)
    return statement, c


def _cell_columns(c) -> list:
    """What each matrix cell needs from the cells CTE."""
    return [c.c.module_id, c.c.status, c.c.due_on, c.c.completed_at, c.c.done, c.c.total,
            c.c.best_scores]


def _order(rows, shape: Shape) -> list:
    key = {"name": rows.c.name, "completed": rows.c.completed, "overdue": rows.c.overdue}[
        shape.sort]
    first = key.desc() if shape.order == "desc" else key.asc()
    return [first, rows.c.name.asc(), rows.c.user_id.asc()]


def _cell(row) -> Cell:
    return Cell(row.status, row.due_on, row.completed_at, row.done or 0, row.total or 0,
                mean_score(row.best_scores) if row.status == COMPLETED else None)


def _fill(rows_by_user: dict[int, MatrixRow], columns: list[Column], cell_rows) -> None:
    index = {c.module_id: i for i, c in enumerate(columns)}
    for row in cell_rows:
        target = rows_by_user.get(row.user_id)
        if target is not None and row.module_id in index:
            target.cells[index[row.module_id]] = _cell(row)


@lru_cache(maxsize=64)
def _matrix_statement(shape: Shape):
    rows_statement, c = _rows_statement(shape)
    inner = rows_statement.subquery("matching")
    paged = (
        select(
            inner,
            func.count().over().label("row_count"),
            func.sum(inner.c.assigned).over().label("all_assigned"),
            func.sum(inner.c.completed).over().label("all_completed"),
            func.sum(inner.c.overdue).over().label("all_overdue"),
        )
        .order_by(*_order(inner, shape))
        .limit(bindparam("limit", type_=Integer))
        .offset(bindparam("offset", type_=Integer))
        .subquery("paged")
    )
    return (
        select(paged, *_cell_columns(c))
        .join(c, c.c.user_id == paged.c.user_id)
        .order_by(*_order(paged, shape))
    )


def matrix(team_id: int, columns: list[Column], filters: Filters, today: date,
           page_size: int = 25) -> Matrix:
    """One page of the dashboard in a single query: learners, their cells, and the totals."""
    statement = _matrix_statement(_shape(filters))
    params = _params(team_id, filters, today) | {
        "limit": page_size, "offset": (filters.page - 1) * page_size}
    result = Matrix(columns, [], filters, page_size)
    by_user: dict[int, MatrixRow] = {}
    records = db.session.execute(statement, params).all()
    for record in records:
        if record.user_id not in by_user:
            by_user[record.user_id] = MatrixRow(
                record.user_id, record.name, record.email, record.assigned, record.completed,
                record.overdue, [None] * len(columns))
            result.rows.append(by_user[record.user_id])
    _fill(by_user, columns, records)
    if records:
        first = records[0]
        result.row_count, result.assigned = first.row_count, int(first.all_assigned)
        result.completed, result.overdue = int(first.all_completed), int(first.all_overdue)
    return result


@lru_cache(maxsize=64)
def _csv_statement(shape: Shape):
    rows_statement, c = _rows_statement(shape)
    inner = rows_statement.subquery("matching")
    return (
        select(inner, *_cell_columns(c))
        .join(c, c.c.user_id == inner.c.user_id)
        .order_by(*_order(inner, shape))
    )


def csv_rows(team_id: int, columns: list[Column], filters: Filters,
             today: date) -> Iterator[list[str]]:
    """Every matching row, in the screen's order, with each cell's parts in their own columns:
    one query, read as it streams."""
    statement = _csv_statement(_shape(filters))
    params = _params(team_id, filters, today)
    yield csv_headings(columns)
    current: MatrixRow | None = None
    index = {col.module_id: i for i, col in enumerate(columns)}
    for record in db.session.execute(statement, params, execution_options={"yield_per": 1000}):
        if current is None or current.user_id != record.user_id:
            if current is not None:
                yield current.values()
            current = MatrixRow(record.user_id, record.name, record.email, record.assigned,
                                record.completed, record.overdue, [None] * len(columns))
        if record.module_id in index:
            current.cells[index[record.module_id]] = _cell(record)
    if current is not None:
        yield current.values()


def csv_text(rows: Iterator[list[str]]) -> Iterator[str]:
    """CSV lines, one at a time, each cell guarded against formulas."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")  # so that spreadsheet programs read the names as UTF-8
    for row in rows:
        writer.writerow([spreadsheet_cell(v) for v in row])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def status_choices() -> list[tuple[str, str]]:
    """The statuses a manager can filter by."""
    return [(key, STATUSES[key]) for key in (OVERDUE, NOT_STARTED, IN_PROGRESS, COMPLETED)]

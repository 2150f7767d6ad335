"""Charts as plain geometry: the templates draw it as inline SVG (no scripts, no style
attributes), with a table of the same figures beside it for screen readers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from courseware.domain.cells import COMPLETED, IN_PROGRESS, NOT_STARTED, OVERDUE, STATUSES
from courseware.manage.reports import ModuleStatus

WIDTH = 420
ORDER = (COMPLETED, IN_PROGRESS, NOT_STARTED, OVERDUE)


@dataclass(frozen=True)
class Segment:
    status: str
    label: str
    x: float
    width: float
    count: int


@dataclass(frozen=True)
class StackedRow:
    title: str
    label_y: float
    bar_y: float
    segments: list[Segment]
    total: int


@dataclass(frozen=True)
class StackedChart:
    width: int
    height: int
    bar_height: int
    rows: list[StackedRow]
    legend: list[tuple[str, str, float]]  # status, label, x
    legend_y: float


def stacked_bars(statuses: list[ModuleStatus], width: int = WIDTH) -> StackedChart:
    """One horizontal bar per module, split by status, each bar the full width (100%)."""
    bar, gap, label = 20, 12, 18
    rows = []
    y = 0.0
    for s in statuses:
        counts = {COMPLETED: s.completed, IN_PROGRESS: s.in_progress,
                  NOT_STARTED: s.not_started, OVERDUE: s.overdue}
        x = 0.0
        segments = []
        for status in ORDER:
            share = counts[status] / s.total if s.total else 0
            if counts[status]:
                segments.append(Segment(status, STATUSES[status], round(x, 2),
                                        round(share * width, 2), counts[status]))
            x += share * width
        rows.append(StackedRow(s.title, y + 13, y + label, segments, s.total))
        y += label + bar + gap
    legend, x = [], 0.0
    for status in ORDER:
        legend.append((status, STATUSES[status], x))
        x += 26 + 7 * len(STATUSES[status])
    return StackedChart(width, int(y + 24), bar, rows, legend, y + 8)


@dataclass(frozen=True)
class Column:
    label: str
    x: float
    y: float
    width: float
    height: float
    count: int


@dataclass(frozen=True)
class ColumnChart:
    width: int
    height: int
    base: float
    columns: list[Column]
    peak: int


def month_label(key: str) -> str:
    """'2026-03' as 'Mar 2026'."""
    year, month = (int(p) for p in key.split("-"))
    return date(year, month, 1).strftime("%b %Y")


def columns(values: list[tuple[str, int]], width: int = WIDTH, height: int = 170) -> ColumnChart:
    """Vertical bars, one per month, scaled to the largest; space below for the labels."""
    top, bottom = 18, 34
    peak = max((v for _, v in values), default=0)
    slot = width / max(1, len(values))
    base = height - bottom
    out = []
    for i, (key, value) in enumerate(values):
        h = (base - top) * value / peak if peak else 0
        out.append(Column(month_label(key), round(i * slot + slot * 0.15, 2), round(base - h, 2),
                          round(slot * 0.7, 2), round(h, 2), value))
    return ColumnChart(width, height, base, out, peak)

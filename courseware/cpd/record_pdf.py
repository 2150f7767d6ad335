"""The CPD record as a PDF: a cover with the period and counts, then the entries one after
another, a heading never left at the foot of a page without its text.

Its own module, so that fpdf2 (some 30 MB) loads only when someone asks for a PDF. It uses the
certificate's fonts (courseware.pdf_fonts), so it keeps the same letters and emoji.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from fpdf import FPDF

from courseware.clock import day_text
from courseware.cpd.entries import TYPES
from courseware.cpd.export import Row, form_rows, peer_rows
from courseware.cpd.standards import Framework
from courseware.models import CpdAttachment, CpdEntry, User
from courseware.pdf_fonts import Fonts, use_fonts

LINE = 5.5  # the height of a line of answer text, in mm
KEEP_LINES = 2  # lines of text kept on the page with the heading above them


class RecordPDF(FPDF):
    """A4 pages with the learner's name and page numbers in the footer."""

    footer_text = ""
    body_font = "helvetica"

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font(self.body_font, size=8)
        self.set_text_color(80, 80, 80)
        self.cell(0, 10, f"{self.footer_text}   Page {self.page_no()} of {{nb}}", align="C")


def _latin1(text: str) -> str:
    """Text the PDF core fonts can show, when no Unicode font is installed."""
    swaps = {"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "…": "..."}
    for old, new in swaps.items():
        text = text.replace(old, new)
    return text.encode("latin-1", "replace").decode("latin-1")


def _sections(entry: CpdEntry, files: list[CpdAttachment],
              framework: Framework) -> list[tuple[str, list[Row]]]:
    """An entry's answers under their headings, in the order of the regulator's form."""
    peer = peer_rows(entry) or [Row("Peer reflection", "None recorded for this entry.")]
    standards = "\n".join(framework.labels(entry.standards or [])) or "None chosen"
    evidence = [
        Row(f"Professional standards ({framework.name})", standards),
        Row("Links", "\n".join(entry.links or []) or "None"),
        Row("Files kept with this entry", "\n".join(a.filename for a in files) or "None"),
    ]
    return [("", form_rows(entry)), ("Peer reflection", peer), ("Evidence", evidence)]


def _words(user: User, entries: Iterable[CpdEntry], framework: Framework) -> str:
    """Every piece of text the PDF may show, to choose the fallback fonts it needs."""
    parts = [user.name, framework.name]
    for entry in entries:
        parts += [row.value for row in form_rows(entry) + peer_rows(entry)]
        parts += framework.labels(entry.standards or []) + list(entry.links or [])
    return " ".join(p or "" for p in parts)


def record_pdf(user: User, entries: list[CpdEntry], attachments: dict[int, list[CpdAttachment]],
               framework: Framework, period: str, made_on: date,
               fonts: Fonts | None = None) -> bytes:
    """The record as a PDF: a cover with the period and counts, then the entries in turn."""
    pdf = RecordPDF(format="A4")
    family = use_fonts(pdf, fonts or Fonts(), _words(user, entries, framework))
    pdf.body_font = family or "helvetica"
    clean = (lambda t: t) if family else _latin1
    pdf.footer_text = clean(f"CPD record of {user.name}")
    pdf.set_title(clean(f"CPD record of {user.name}: {period}"))
    pdf.set_author(clean(user.name))
    pdf.set_creator("CPD Learning")
    pdf.set_auto_page_break(True, margin=20)
    pdf.set_margins(20, 20, 20)

    def height(text: str, style: str, size: float, line: float) -> float:
        pdf.set_font(pdf.body_font, style, size)
        return len(pdf.multi_cell(0, line, clean(text), dry_run=True, output="LINES")) * line

    def keep(needed: float) -> None:
        """Start a new page unless `needed` mm fit on this one."""
        if pdf.get_y() + needed > pdf.page_break_trigger:
            pdf.add_page()

    def write(text: str, style: str, size: float, line: float) -> None:
        pdf.set_font(pdf.body_font, style, size)
        pdf.multi_cell(0, line, clean(text), align="L", new_x="LMARGIN", new_y="NEXT")

    def start_of(row: Row) -> float:
        """The height of a label and the first lines of its answer."""
        value = row.value.strip() or "Not answered"
        return (height(row.label, "B", 10, LINE)
                + min(height(value, "", 10.5, LINE), KEEP_LINES * LINE))

    def heading(text: str, size: int, then: float) -> None:
        keep(height(text, "B", size, size * 0.5) + 2 + then)
        write(text, "B", size, size * 0.5)
        pdf.ln(2)

    def answer(row: Row) -> None:
        keep(start_of(row))
        write(row.label, "B", 10, LINE)
        write(row.value.strip() or "Not answered", "", 10.5, LINE)
        pdf.ln(2.5)

    pdf.add_page()
    heading(f"CPD record of {user.name}", 20, 0)
    with_peer = sum(e.has_peer_reflection for e in entries)
    for line in [
        f"Period: {period}",
        f"Made on {day_text(made_on)} from CPD Learning.",
        f"{len(entries)} finished entr{'y' if len(entries) == 1 else 'ies'}, "
        f"{with_peer} with peer reflection.",
        "Each entry below follows the order of the questions in the regulator's online form, "
        "so you can copy each answer across.",
    ]:
        write(line, "", 11, 6)
    pdf.ln(4)
    if not entries:
        write("There are no finished entries for this period.", "", 11, 6)
    else:
        heading("Entries in this record", 12, LINE)
        for number, entry in enumerate(entries, start=1):
            peer = ", with peer reflection" if entry.has_peer_reflection else ""
            kind = TYPES.get(entry.activity_type, entry.activity_type) or "Type not given"
            write(f"{number}. {day_text(entry.activity_date)}: {entry.title} ({kind}{peer})",
                  "", 10, LINE)

    for number, entry in enumerate(entries, start=1):
        sections = _sections(entry, attachments.get(entry.id, []), framework)
        first = start_of(sections[0][1][0])
        keep(14 + height(f"Entry {number}: {entry.title}", "B", 15, 7.5) + first)
        pdf.ln(6)
        pdf.set_draw_color(150, 150, 150)
        pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
        pdf.ln(6)
        heading(f"Entry {number}: {entry.title}", 15, first)
        for title, rows in sections:
            if title:
                heading(title, 12, start_of(rows[0]))
            for row in rows:
                answer(row)
    return bytes(pdf.output())

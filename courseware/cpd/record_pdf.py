"""The CPD record as a PDF: a cover with the period and counts, then one page per entry.

Its own module, so that fpdf2 (some 30 MB) loads only when someone asks for a PDF.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from fpdf import FPDF

from courseware.cpd.entries import TYPES
from courseware.cpd.export import day_text, form_rows, peer_rows
from courseware.cpd.standards import Framework
from courseware.models import CpdAttachment, CpdEntry, User

FONT_DIR = "/usr/share/fonts/truetype/dejavu"


class RecordPDF(FPDF):
    """A4 pages with the learner's name and page numbers in the footer."""

    footer_text = ""

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font(self.body_font, size=8)
        self.set_text_color(80, 80, 80)
        self.cell(0, 10, f"{self.footer_text}   Page {self.page_no()} of {{nb}}", align="C")


def _fonts(pdf: RecordPDF, font_dir: str | None) -> bool:
    """Embed DejaVu Sans (every language's letters); False when it is missing."""
    folder = Path(font_dir or FONT_DIR)
    regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
    if not regular.is_file() or not bold.is_file():
        return False
    pdf.add_font("DejaVu", "", str(regular))
    pdf.add_font("DejaVu", "B", str(bold))
    return True


def _latin1(text: str) -> str:
    """Text the PDF core fonts can show, when no Unicode font is installed."""
    swaps = {"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "…": "..."}
    for old, new in swaps.items():
        text = text.replace(old, new)
    return text.encode("latin-1", "replace").decode("latin-1")


def record_pdf(user: User, entries: list[CpdEntry], attachments: dict[int, list[CpdAttachment]],
               framework: Framework, period: str, made_on: date,
               font_dir: str | None = None) -> bytes:
    """The record as a PDF: a cover with the period and counts, then one page per entry."""
    pdf = RecordPDF(format="A4")
    unicode = _fonts(pdf, font_dir)
    pdf.body_font = "DejaVu" if unicode else "helvetica"
    clean = (lambda t: t) if unicode else _latin1
    pdf.footer_text = clean(f"CPD record of {user.name}")
    pdf.set_title(clean(f"CPD record of {user.name}: {period}"))
    pdf.set_author(clean(user.name))
    pdf.set_creator("CPD Learning")
    pdf.set_auto_page_break(True, margin=20)
    pdf.set_margins(20, 20, 20)

    def heading(text: str, size: int) -> None:
        pdf.set_font(pdf.body_font, "B", size)
        pdf.multi_cell(0, size * 0.5, clean(text), align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)

    def answer(label: str, value: str) -> None:
        if pdf.get_y() > pdf.h - 40:  # keep a label with the start of its answer
            pdf.add_page()
        pdf.set_font(pdf.body_font, "B", 10)
        pdf.multi_cell(0, 5.5, clean(label), align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(pdf.body_font, "", 10.5)
        pdf.multi_cell(0, 5.5, clean(value.strip() or "Not answered"), align="L",
                       new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2.5)

    pdf.add_page()
    heading(f"CPD record of {user.name}", 20)
    pdf.set_font(pdf.body_font, "", 11)
    with_peer = sum(e.has_peer_reflection for e in entries)
    lines = [
        f"Period: {period}",
        f"Made on {made_on:%-d %B %Y} from CPD Learning.",
        f"{len(entries)} finished entr{'y' if len(entries) == 1 else 'ies'}, "
        f"{with_peer} with peer reflection.",
        "Each entry below follows the order of the questions in the regulator's online form, "
        "so you can copy each answer across.",
    ]
    for line in lines:
        pdf.multi_cell(0, 6, clean(line), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    if not entries:
        pdf.multi_cell(0, 6, "There are no finished entries for this period.", align="L",
                       new_x="LMARGIN", new_y="NEXT")
    else:
        heading("Entries in this record", 12)
        pdf.set_font(pdf.body_font, "", 10)
        for number, entry in enumerate(entries, start=1):
            peer = ", with peer reflection" if entry.has_peer_reflection else ""
            kind = TYPES.get(entry.activity_type, entry.activity_type) or "Type not given"
            line = f"{number}. {day_text(entry.activity_date)}: {entry.title} ({kind}{peer})"
            pdf.multi_cell(0, 5.5, clean(line), align="L", new_x="LMARGIN", new_y="NEXT")

    for number, entry in enumerate(entries, start=1):
        pdf.add_page()
        heading(f"Entry {number}: {entry.title}", 15)
        for row in form_rows(entry):
            answer(row.label, row.value)
        heading("Peer reflection", 12)
        rows = peer_rows(entry)
        if rows:
            for row in rows:
                answer(row.label, row.value)
        else:
            answer("Peer reflection", "None recorded for this entry.")
        heading("Evidence", 12)
        standards = framework.labels(entry.standards or [])
        answer(f"Professional standards ({framework.name})",
               "\n".join(standards) or "None chosen")
        links = "\n".join(entry.links or [])
        files = "\n".join(a.filename for a in attachments.get(entry.id, []))
        answer("Links", links or "None")
        answer("Files kept with this entry", files or "None")
    return bytes(pdf.output())



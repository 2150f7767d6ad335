"""The certificate as a PDF: A4 landscape, with a QR code that opens the verification page.

A plain function over plain data (no Flask). Names and titles in any script come out right:
the text is shaped with HarfBuzz (joined Arabic, right to left) in DejaVu Sans, falling back
glyph by glyph to Droid Sans Fallback for Chinese, Japanese and Korean. Only the glyphs used
are embedded, so a certificate stays small. Both fonts are Debian packages (fonts-dejavu-core,
fonts-droid-fallback); without them the PDF is still made, in a built-in font.
"""

import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime

import segno
from fpdf import FPDF

from courseware.certificates.credential import long_date
from courseware.pdf_fonts import Fonts, use_fonts

BRAND = (15, 76, 92)
MUTED = (72, 73, 73)
PAGE_WIDTH, PAGE_HEIGHT = 297, 210
MAX_OUTCOMES = 6


@dataclass
class CertificateText:
    """What a certificate says, already worded for people."""

    learner_name: str
    module_title: str
    module_version: str
    completed_on: datetime
    expires_on: datetime | None
    cpd_minutes: int
    outcomes: list[str]
    code: str
    verify_url: str
    check_url: str
    issuer_name: str


class CertificatePDF(FPDF):
    """FPDF with the certificate's fonts loaded; fallbacks only when the text needs them."""

    def __init__(self, fonts: Fonts, text: str = ""):
        super().__init__(orientation="L", unit="mm", format="A4")
        self.set_auto_page_break(False)
        self.set_margins(20, 15, 20)
        family = use_fonts(self, fonts, text)
        self.unicode = family is not None
        self.family = family or "helvetica"

    def text_of(self, text: str) -> str:
        """Text the current fonts can show: built-in fonts only know Latin-1."""
        return text if self.unicode else text.encode("latin-1", "replace").decode("latin-1")

    def style(self, size: float, bold: bool = False, colour=(11, 12, 12)) -> None:
        self.set_font(self.family, "B" if bold else "", size)
        self.set_text_color(*colour)

    def centred(self, text: str, size: float, height: float, bold=False, colour=(11, 12, 12),
                shrink_to: float | None = None) -> None:
        """One centred line; shrink_to lets a long line get smaller until it fits the width."""
        self.style(size, bold, colour)
        width = self.w - self.l_margin - self.r_margin
        text = self.text_of(text)
        while shrink_to is not None and size > shrink_to and self.get_string_width(text) > width:
            size -= 1
            self.style(size, bold, colour)
        self.multi_cell(width, height, text, align="C", new_x="LMARGIN", new_y="NEXT",
                        max_line_height=height)


def draw_qr(pdf: FPDF, data: str, x: float, y: float, size: float) -> None:
    """Draw a QR code as vector squares, with its quiet zone, size mm wide."""
    qr = segno.make(data, error="m")
    rows = list(qr.matrix_iter(border=4))
    module = size / len(rows)
    pdf.set_fill_color(255, 255, 255)
    pdf.rect(x, y, size, size, style="F")
    pdf.set_fill_color(0, 0, 0)
    for r, row in enumerate(rows):
        c = 0
        while c < len(row):
            if row[c]:
                start = c
                while c < len(row) and row[c]:
                    c += 1
                width = (c - start) * module
                pdf.rect(x + start * module, y + r * module, width, module, style="F")
            else:
                c += 1


_MADE: OrderedDict[str, bytes] = OrderedDict()  # the last certificates made, newest last
_KEEP = 64
_ONE_AT_A_TIME = threading.Lock()


def render_pdf_once(text: CertificateText, fonts: Fonts | None = None) -> bytes:
    """render_pdf, remembered for the last 64 certificates: what a certificate says never
    changes, and loading its fonts is most of the work. A process makes one PDF at a time,
    as each briefly needs tens of megabytes (and Python holds on to memory it has used)."""
    key = repr((text, fonts))  # both are dataclasses: the repr holds every field
    made = _MADE.get(key)
    if made is None:
        with _ONE_AT_A_TIME:
            made = _MADE.get(key) or render_pdf(text, fonts)
            _MADE[key] = made
            while len(_MADE) > _KEEP:
                _MADE.popitem(last=False)
    return made


def render_pdf(text: CertificateText, fonts: Fonts | None = None) -> bytes:
    """The certificate as PDF bytes: one A4 landscape page."""
    words = " ".join([text.learner_name, text.module_title, text.issuer_name, *text.outcomes])
    pdf = CertificatePDF(fonts or Fonts(), words)
    pdf.set_title(f"Certificate: {text.module_title}")
    pdf.set_author(text.issuer_name)
    pdf.set_subject(f"Certificate of completion, code {text.code}")
    pdf.set_creator(text.issuer_name)
    pdf.add_page()

    pdf.set_draw_color(*BRAND)
    pdf.set_line_width(1.6)
    pdf.rect(8, 8, PAGE_WIDTH - 16, PAGE_HEIGHT - 16)
    pdf.set_line_width(0.3)
    pdf.rect(11, 11, PAGE_WIDTH - 22, PAGE_HEIGHT - 22)

    pdf.set_y(18)
    pdf.centred(text.issuer_name, 12, 7, bold=True, colour=BRAND)
    pdf.centred("Certificate of completion", 28, 14, bold=True, colour=BRAND)
    pdf.ln(3)
    pdf.centred("This certifies that", 13, 8, colour=MUTED)
    pdf.centred(text.learner_name, 30, 15, bold=True, shrink_to=16)
    pdf.centred("completed the module", 13, 8, colour=MUTED)
    pdf.centred(text.module_title, 19, 9, bold=True, shrink_to=13)
    pdf.ln(1)
    details = (f"Version {text.module_version}  ·  completed on {long_date(text.completed_on)}"
               f"  ·  {text.cpd_minutes} minutes of CPD")
    pdf.centred(details, 12, 7)
    expiry = (f"Valid until {long_date(text.expires_on)}" if text.expires_on
              else "This certificate does not expire")
    pdf.centred(expiry, 12, 7)

    if text.outcomes:
        pdf.ln(3)
        pdf.set_x(45)
        pdf.style(11, bold=True)
        pdf.cell(0, 6, pdf.text_of("What the learner can now do"), new_x="LMARGIN", new_y="NEXT")
        shown = text.outcomes[:MAX_OUTCOMES]
        pdf.style(10)
        for outcome in shown:
            pdf.set_x(45)
            pdf.multi_cell(207, 5, pdf.text_of(f"•  {outcome}"), new_x="LMARGIN", new_y="NEXT",
                           max_line_height=5)
            if pdf.get_y() > 150:
                break
        if len(text.outcomes) > len(shown):
            pdf.set_x(45)
            pdf.cell(0, 5, f"and {len(text.outcomes) - len(shown)} more", new_x="LMARGIN",
                     new_y="NEXT")

    top = 158
    draw_qr(pdf, text.verify_url, 20, top, 34)
    pdf.set_xy(58, top + 2)
    pdf.style(11, bold=True, colour=BRAND)
    pdf.cell(0, 6, "Check this certificate", new_x="LMARGIN", new_y="NEXT")
    pdf.set_x(58)
    pdf.style(10)
    pdf.multi_cell(150, 5, pdf.text_of(
        f"Scan the square code, or go to {text.check_url} and enter this code:"
    ), new_x="LMARGIN", new_y="NEXT")
    pdf.set_x(58)
    pdf.style(18, bold=True)
    pdf.cell(0, 10, text.code, new_x="LMARGIN", new_y="NEXT")
    pdf.set_xy(200, top + 24)
    pdf.style(9, colour=MUTED)
    pdf.multi_cell(77, 4.5, pdf.text_of(f"Issued by {text.issuer_name}"), align="R")
    return bytes(pdf.output())

"""Fonts for the PDFs the app makes (certificates, the CPD record): letters of every script and
the emoji the fonts have, kept rather than dropped.

The text is shaped with HarfBuzz (joined Arabic, right to left) in DejaVu Sans, falling back
glyph by glyph to Droid Sans Fallback for Chinese, Japanese and Korean. Both fonts are Debian
packages (fonts-dejavu-core, fonts-droid-fallback); without them a PDF is still made, in a
built-in font that knows only Western European letters.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont
from fpdf import FPDF

FONT_DIR = "/usr/share/fonts/truetype/dejavu"


@dataclass
class Fonts:
    """Font files: a regular and a bold face, and fallbacks for glyphs they lack."""

    regular: str | None = f"{FONT_DIR}/DejaVuSans.ttf"
    bold: str | None = f"{FONT_DIR}/DejaVuSans-Bold.ttf"
    fallbacks: list[str] = field(
        default_factory=lambda: ["/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"]
    )

    @classmethod
    def from_config(cls, value: dict | None) -> Fonts:
        """Fonts from a CERTIFICATE_FONTS mapping; the defaults for keys it leaves out."""
        return cls(**(value or {}))

    @classmethod
    def in_folder(cls, folder: str) -> Fonts:
        """DejaVu Sans from another folder, with the default fallbacks."""
        return cls(regular=f"{folder}/DejaVuSans.ttf", bold=f"{folder}/DejaVuSans-Bold.ttf")


@lru_cache(maxsize=8)
def covered(path: str) -> frozenset[int]:
    """The code points a font file has glyphs for (read once per process)."""
    with TTFont(path, lazy=True) as font:
        return frozenset(font.getBestCmap())


def use_fonts(pdf: FPDF, fonts: Fonts, text: str = "") -> str | None:
    """Load the fonts as the family "body", with fallbacks only for glyphs the text needs that
    they lack, and shaping on; the family's name, or None when the regular font is missing."""
    if not (fonts.regular and Path(fonts.regular).is_file()):
        return None
    pdf.add_font("body", "", fonts.regular)
    bold = fonts.bold if fonts.bold and Path(fonts.bold).is_file() else fonts.regular
    pdf.add_font("body", "B", bold)
    names = []
    lacking = {ord(c) for c in text if not c.isspace()} - (covered(fonts.regular) & covered(bold))
    for index, path in enumerate(fonts.fallbacks):
        if lacking and Path(path).is_file():
            pdf.add_font(f"fallback{index}", "", path)
            names.append(f"fallback{index}")
            lacking -= covered(path)
    if names:
        pdf.set_fallback_fonts(names, exact_match=False)
    pdf.set_text_shaping(True)
    return "body"

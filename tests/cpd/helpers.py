"""Making CPD entries and files for tests."""

import io
from datetime import UTC, date, datetime

from fpdf import FPDF
from PIL import Image

from courseware.extensions import db
from courseware.models import CpdEntry

FINISHED = {
    "activity_type": "online",
    "title": "Live tweets from #SWDay workshop",
    "activity_date": "2026-03-14",
    "hours": "1",
    "minutes": "30",
    "description": "I followed the workshop's live tweets under its hashtag.",
    "learning": "Strengths-based conversations start with what matters to the person.",
    "impact_on_practice": "I will open assessments by asking what is going well.",
    "impact_on_people": "People feel listened to from the start.",
    "peer_name": "Ama Mensah",
    "peer_role": "Practice educator",
    "peer_date": "2026-03-20",
    "peer_learning": "She suggested I try it in supervision first.",
    "standards": ["1.1", "4.6"],
    "links": "https://example.org/swday",
    "finish": "Save and finish",
}


def make_entry(user, **fields) -> CpdEntry:
    """A finished entry for the user, dated 14 March 2026 unless told otherwise."""
    values = {
        "user_id": user.id, "status": "recorded", "activity_type": "reading",
        "title": "A finished entry", "activity_date": date(2026, 3, 14), "minutes": 60,
        "description": "Read a blog post.", "learning": "Private learning text.",
        "impact_on_practice": "Private impact text.", "impact_on_people": "",
        "standards": [], "links": [],
    } | fields
    if values.get("shared_with_manager"):
        values.setdefault("shared_at", datetime(2026, 3, 21, 9, 0, tzinfo=UTC))
    entry = CpdEntry(**values)
    db.session.add(entry)
    db.session.commit()
    return entry


def png_bytes(size=(8, 8), fmt="PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format=fmt)
    return out.getvalue()


def pdf_bytes(text: str = "Certificate of attendance") -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(0, 10, text)
    return bytes(pdf.output())


def form_items(data: dict) -> list[tuple[str, str]]:
    """A form's fields as (name, value) pairs, lists becoming repeated names."""
    return [(key, one) for key, value in data.items()
            for one in (value if isinstance(value, list) else [value])]

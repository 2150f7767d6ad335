"""Exports: the PDF read back, the CSV's columns, and everything about a learner as a zip."""

import csv
import io
import json
import re
import zipfile
from datetime import UTC, date, datetime

from pypdf import PdfReader

from courseware.cpd.export import CSV_COLUMNS
from courseware.cpd.record_pdf import record_pdf
from courseware.cpd.standards import load_framework
from courseware.extensions import db
from courseware.models import CpdEntry, User
from courseware.pdf_fonts import Fonts
from tests.cpd.helpers import make_entry, pdf_bytes, png_bytes
from tests.factories import make_user, post_form


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def flat(text: str) -> str:
    return " ".join(text.split())


def test_the_year_as_a_pdf_follows_the_regulators_form(client, auth, app):
    user = make_user("sian@example.org", "Siân Wiśniewska")
    make_entry(user, title="Live tweets from #SWDay", activity_type="online",
               activity_date=date(2026, 3, 14), minutes=90,
               description="Followed the hashtag “#SWDay” all afternoon.",
               learning="Strengths-based conversations – what matters to you?",
               impact_on_practice="I open assessments differently now.",
               impact_on_people="People feel heard.", peer_name="Ama Mensah",
               peer_role="Practice educator", peer_date=date(2026, 3, 20),
               peer_learning="Try it in supervision first.", standards=["4.6"],
               links=["https://example.org/swday"])
    make_entry(user, title="Entry from the year before", activity_date=date(2025, 5, 1))
    make_entry(user, title="Unfinished draft", status="draft", activity_date=date(2026, 4, 1))
    auth.login("sian@example.org")
    response = client.get("/cpd/export.pdf?year=2026")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    assert "cpd-record-2026.pdf" in response.headers["Content-Disposition"]
    text = flat(pdf_text(response.data))
    assert "CPD record of Siân Wiśniewska" in text
    assert "Registration year 1 December 2025 to 30 November 2026" in text
    assert "1 finished entry, 1 with peer reflection" in text
    order = ["Type of CPD", "Online discussion or social media", "Title",
             "Live tweets from #SWDay", "Date of the activity", "14 March 2026", "Time spent",
             "1 hour 30 minutes",
             "What the activity was, and why it is relevant to your practice",
             "Followed the hashtag “#SWDay” all afternoon.", "What you learnt",
             "Strengths-based conversations – what matters to you?",
             "How it has changed, or will change, your practice",
             "I open assessments differently now.",
             "The difference it makes to the people you work with", "People feel heard.",
             "Peer reflection", "Who you reflected with", "Ama Mensah", "Their role",
             "Practice educator", "Date of the discussion", "20 March 2026",
             "What you learnt from the discussion", "Try it in supervision first.",
             "4.6 Reflecting on the impact of learning", "https://example.org/swday"]
    at = 0
    for piece in order:
        found = text.find(piece, at)
        assert found >= 0, f"{piece!r} missing or out of order"
        at = found + len(piece)
    assert "Entry from the year before" not in text and "Unfinished draft" not in text

    everything = flat(pdf_text(client.get("/cpd/export.pdf?year=all").data))
    assert "All entries" in everything and "Entry from the year before" in everything
    assert "Unfinished draft" not in everything


def test_a_pdf_without_the_unicode_font_still_works(app, tmp_path):
    user = User(name="Siân O’Neill", email="x@example.org")
    data = record_pdf(user, [], {}, load_framework(), "All entries", date(2026, 1, 1),
                      Fonts.in_folder(str(tmp_path)))
    text = flat(pdf_text(data))
    assert "CPD record of Siân O'Neill" in text and "no finished entries" in text


def test_csv_has_stable_columns_in_words_people_read_and_is_streamed(client, auth, learner):
    make_entry(learner, title="=HYPERLINK(\"http://evil\")", standards=["1.1", "4.6"],
               links=["https://a.example", "https://b.example"],
               activity_date=date(2026, 2, 1))
    db.session.execute(db.update(CpdEntry).values(
        updated_at=datetime(2025, 6, 1, 23, 30, tzinfo=UTC)))  # 2 June in London (BST)
    db.session.commit()
    auth.login()
    response = client.get("/cpd/export.csv?year=2026")
    assert response.is_streamed
    assert response.headers["Content-Type"].startswith("text/csv")
    assert "cpd-record-2026.csv" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0] == CSV_COLUMNS == [
        "Entry number", "Status", "Type of CPD", "Title", "Date of the activity",
        "Time spent (minutes)", "What the activity was", "What I learnt",
        "Impact on my practice", "Impact on the people I work with", "Who I reflected with",
        "Their role", "Date of the discussion", "What I learnt from the discussion",
        "Professional standards", "Links", "Files", "Shared with my manager", "Last changed",
    ]
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Title"] == "'=HYPERLINK(\"http://evil\")"  # never run as a formula
    assert row["Date of the activity"] == "2026-02-01" and row["Time spent (minutes)"] == "60"
    assert row["Status"] == "Finished" and row["Shared with my manager"] == "No"
    assert row["Type of CPD"] == "Reading or research"
    assert row["Professional standards"] == ("1.1 Valuing each person as an individual; "
                                             "4.6 Reflecting on the impact of learning")
    assert row["Links"] == "https://a.example https://b.example"
    assert row["Last changed"] == "2025-06-02 00:30"
    assert len(rows) == 2


def test_everything_about_me_as_one_archive(client, auth, learner, module):
    from tests.cpd.test_drafts import REFLECTION, complete_tiny_module

    auth.login()
    eid, _ = complete_tiny_module(client)
    entry = make_entry(learner, title="Supervision on endings", learning="Secret learning text")
    for data, name in ((png_bytes(), "whiteboard.png"), (pdf_bytes(), "notes.pdf")):
        post_form(client, f"/cpd/{entry.id}/files", {"file": (io.BytesIO(data), name)},
                  token_from=f"/cpd/{entry.id}", content_type="multipart/form-data")
    make_entry(make_user("other@example.org"), title="Someone else's entry")

    assert "Download everything" in client.get("/my-data").get_data(as_text=True)
    response = client.get("/my-data/download")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    names = set(archive.namelist())
    for name in ("README.txt", "account.json", "cpd/record.json", "cpd/record.csv",
                 "learning/enrolments.json", "learning/steps.json", "learning/reflections.json",
                 "learning/quiz-attempts.json"):
        assert name in names, name
    account = json.loads(archive.read("account.json"))
    assert account["email"] == "learner@example.org"
    assert "password_hash" not in account and "session_token" not in account
    [sign_in] = json.loads(archive.read("sign-ins.json"))
    assert sign_in["device"] and "secret_hash" not in sign_in
    record = json.loads(archive.read("cpd/record.json"))
    titles = {e["title"] for e in record}
    assert "Supervision on endings" in titles and "Someone else's entry" not in titles
    assert any(e["status"] == "draft" and e["source_enrolment_id"] == eid for e in record)
    files = [n for n in names if n.startswith("cpd/attachments/")]
    assert len(files) == 2
    png = next(n for n in files if n.endswith("whiteboard.png"))
    assert archive.read(png) == png_bytes()
    assert REFLECTION in archive.read("learning/reflections.json").decode()
    attempts = json.loads(archive.read("learning/quiz-attempts.json"))
    assert len(attempts) == 1 and attempts[0]["passed"] is True
    enrolments = json.loads(archive.read("learning/enrolments.json"))
    assert enrolments[0]["module_title"] == module.title
    assert len(json.loads(archive.read("learning/steps.json"))) == 4
    assert "Secret learning text" in archive.read("cpd/record.csv").decode("utf-8-sig")


def _many(user, count, **fields):
    for n in range(count):
        make_entry(user, title=f"Entry number {n + 1}", activity_date=date(2026, 1, 1 + n),
                   **fields)


def test_the_pdf_keeps_what_the_certificate_keeps_emoji_and_every_script(client, auth, app):
    user = make_user("mei@example.org", "Mei 李 😀")
    make_entry(user, title="Team day 😀 ❤️ ✓", learning="学习 and عربي, then 😊.")
    auth.login("mei@example.org")
    text = flat(pdf_text(client.get("/cpd/export.pdf?year=2026").data))
    for piece in ("CPD record of Mei 李 😀", "Team day 😀 ❤", "学习", "😊"):
        assert piece in text, piece


def test_short_entries_flow_one_after_another(client, auth, learner):
    _many(learner, 3)
    auth.login()
    reader = PdfReader(io.BytesIO(client.get("/cpd/export.pdf?year=2026").data))
    assert len(reader.pages) == 3  # was a cover, then a page for each entry
    pages = [flat(page.extract_text()) for page in reader.pages]
    assert "Entries in this record" in pages[0] and "Entry 1: Entry number 1" in pages[0]
    assert any("Entry 2: Entry number 2" in p and "Entry 3: Entry number 3" in p for p in pages)


def test_a_heading_is_never_left_at_the_foot_of_a_page(client, auth, learner):
    long = " ".join(["A sentence about what I learnt in supervision today."] * 9)
    _many(learner, 12, description=long, learning=long, peer_name="Ama Mensah",
          peer_learning=long, peer_date=date(2026, 1, 20))
    auth.login()
    reader = PdfReader(io.BytesIO(client.get("/cpd/export.pdf?year=2026").data))
    assert len(reader.pages) < 2 * 12  # each took two pages and more, after a cover
    headings = {"Peer reflection", "Evidence", "Type of CPD", "What you learnt",
                "What the activity was, and why it is relevant to your practice",
                "What you learnt from the discussion", "Links", "Files kept with this entry"}
    for number, page in enumerate(reader.pages[:-1], start=1):
        lines = [line.strip() for line in page.extract_text().splitlines() if line.strip()]
        last = [line for line in lines if "Page " not in line][-1]  # above the footer
        assert last not in headings and not re.match(r"Entry \d+:", last), (number, last)

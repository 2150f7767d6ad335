"""A learner records a CPD activity with a reflection, finds it in their record and downloads
the year, with the keyboard alone."""

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from courseware import clock
from tests.cpd.helpers import png_bytes
from tests.e2e.keyboard import (
    choose_file,
    download,
    follow,
    sign_in,
    tab_through,
    tab_to,
    type_date,
    type_into,
)


@pytest.fixture
def live_database(database_uri):
    """This journey runs on SQLite and on PostgreSQL."""
    return database_uri


def test_record_a_reflection_and_download_it_with_the_keyboard(live_app, live_server, page,
                                                              checker):
    from courseware.extensions import db
    from tests.factories import make_user

    with live_app.app_context():
        make_user("kai@example.org", "Kai Keys")
        db.session.remove()
    today = clock.today()

    sign_in(page, live_server, "kai@example.org")
    tab_to(page, "My CPD record")
    follow(page)
    tab_to(page, "Record an activity")
    follow(page)
    expect(page.get_by_role("heading", name="Record an activity")).to_be_visible()
    tab_through(page)  # every control on the form can be reached and shows its focus

    tab_to(page, "Type of activity")
    page.keyboard.type("Online")  # a closed list picks the option its name starts with
    expect(page.get_by_label("Type of activity")).to_have_value("online")
    type_into(page, "Title", "Keyboard-only chat on hoarding", exact=True)
    tab_to(page, "Date of the activity")
    type_date(page, today)
    expect(page.get_by_label("Date of the activity")).to_have_value(today.isoformat())
    type_into(page, "Hours", "2")
    type_into(page, "Minutes", "15")
    tab_to(page, "Hours", back=True)  # on second thoughts, it was nearer one hour
    page.keyboard.press("Control+A")
    page.keyboard.type("1")
    type_into(page, "What was the activity", "A Twitter chat under #SWDay, from my desk.")
    type_into(page, "What did you learn?", "Hoarding is often linked to loss.")
    type_into(page, "How has it changed", "I ask what the belongings mean first.")
    type_into(page, "What difference does it make", "People trust me and stay involved.")
    type_into(page, "Who did you reflect with?", "Ama Mensah")
    type_into(page, "Their role", "Practice educator")
    tab_to(page, "Date of the discussion")
    type_date(page, today)
    type_into(page, "What did you learn from the discussion?", "Try it in supervision first.")
    tab_to(page, "4. Maintain my continuing professional development")
    page.keyboard.press("Enter")  # opens the section
    tab_to(page, "4.6 Reflecting on the impact of learning")
    page.keyboard.press("Space")
    expect(page.get_by_label("4.6 Reflecting on the impact of learning")).to_be_checked()
    checker.check("form-filled")
    tab_to(page, "Save and finish")
    follow(page)
    expect(page.get_by_text("It counts towards your CPD for").first).to_be_visible()

    picture = {"name": "chat.png", "mimeType": "image/png", "buffer": png_bytes((120, 80))}
    tab_to(page, "Choose a file")
    choose_file(page, picture)
    tab_to(page, "Add this file")
    follow(page)
    expect(page.get_by_text("“chat.png” is added to this entry.")).to_be_visible()
    checker.check("entry")

    tab_to(page, "Back to my CPD record")
    follow(page)
    expect(page.get_by_role("link", name="Keyboard-only chat on hoarding")).to_be_visible()
    checker.check("record")
    tab_to(page, "Keyboard-only chat on hoarding")
    follow(page)
    expect(page.get_by_text("Try it in supervision first.")).to_be_visible()
    tab_to(page, "Back to my CPD record")
    follow(page)

    tab_to(page, "Download this year as a PDF")
    pdf = download(page)
    assert re.fullmatch(r"cpd-record-\d{4}\.pdf", pdf.suggested_filename)
    reader = PdfReader(io.BytesIO(open(pdf.path(), "rb").read()))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "Keyboard-only chat on hoarding" in text and "chat.png" in text
    assert "Who you reflected with Ama Mensah" in text and "1 hour 15 minutes" in text
    tab_to(page, "Download this year as a spreadsheet (CSV)")
    csv = open(download(page).path(), encoding="utf-8-sig").read()
    assert "Keyboard-only chat on hoarding" in csv and "Hoarding is often linked to loss." in csv

    tab_to(page, "Sign out", back=True)  # back up the page to the header
    follow(page)
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()

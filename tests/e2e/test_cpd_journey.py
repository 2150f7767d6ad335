"""A learner logs an external activity with peer reflection, attaches a picture and exports the
year, in a real browser, checked with axe on every page."""

import io
import re
from datetime import timedelta

from playwright.sync_api import expect
from pypdf import PdfReader

from courseware import clock
from tests.cpd.helpers import png_bytes
from tests.e2e.people import register
from tests.factories import PASSWORD


def test_log_an_external_activity_with_peer_reflection_and_export_the_year(
        live_app, live_server, page, checker, tmp_path):
    today = clock.today()
    register(page, live_server)

    page.get_by_role("link", name="My CPD record").click()
    expect(page.get_by_role("heading", name="This registration year")).to_be_visible()
    expect(page.get_by_text("Record 2 more entries")).to_be_visible()
    checker.check("record-empty")

    page.get_by_role("link", name="Record an activity").first.click()
    checker.check("form")
    page.get_by_role("button", name="Save and finish").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    checker.check("form-errors")

    page.get_by_label("Type of activity").select_option("online")
    page.get_by_label("Title").fill("Live tweets from the #SWDay workshop on hoarding")
    page.get_by_label("Date of the activity").fill(today.isoformat())
    page.get_by_label("Hours").fill("1")
    page.get_by_label("Minutes").fill("30")
    page.get_by_label("What was the activity").fill(
        "I followed the workshop's live tweets under its hashtag, #SWDay, from my desk.")
    page.get_by_label("What did you learn?").fill(
        "Hoarding is often linked to loss. Starting with the person's story matters.")
    page.get_by_label("How has it changed").fill(
        "I will ask about what the belongings mean before talking about clearing.")
    page.get_by_label("What difference does it make").fill(
        "People are more likely to trust me and stay involved.")
    page.get_by_label("Who did you reflect with?").fill("Ama Mensah")
    page.get_by_label("Their role").fill("Practice educator")
    page.get_by_label("Date of the discussion").fill(today.isoformat())
    page.get_by_label("What did you learn from the discussion?").fill(
        "She suggested trying the question in supervision first.")
    page.get_by_text("4. Maintain my continuing professional development").click()
    page.get_by_label("4.6 Reflecting on the impact of learning").check()
    page.get_by_label("Links to evidence").fill("https://example.org/swday")
    checker.check("form-filled")
    page.get_by_role("button", name="Save and finish").click()
    expect(page.get_by_text("It counts towards your CPD for").first).to_be_visible()
    checker.check("entry")

    picture = tmp_path / "tweet.png"
    picture.write_bytes(png_bytes((120, 80)))
    page.get_by_label("Choose a file").set_input_files(str(picture))
    page.get_by_role("button", name="Add this file").click()
    expect(page.get_by_text("“tweet.png” is added to this entry.")).to_be_visible()
    checker.check("entry-with-file")

    fake = tmp_path / "not-a-photo.jpg"
    fake.write_text("<script>alert('hello')</script>")
    page.get_by_label("Choose a file").set_input_files(str(fake))
    page.get_by_role("button", name="Add this file").click()
    expect(page.get_by_text("was not added")).to_be_visible()
    checker.check("entry-file-refused")

    page.get_by_role("link", name="Back to my CPD record").click()
    expect(page.get_by_text("Add peer reflection").or_(page.get_by_text("Record 1 more entry"))
           ).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("#SWDay workshop"))).to_be_visible()
    checker.check("record-one-entry")

    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile(r"^Download .* as a PDF$")).first.click()
    download = download_info.value
    assert re.fullmatch(r"cpd-record-\d{4}\.pdf", download.suggested_filename)
    reader = PdfReader(io.BytesIO(open(download.path(), "rb").read()))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "CPD record of Siân Bloggs" in text
    assert "Live tweets from the #SWDay workshop on hoarding" in text
    assert "Who you reflected with Ama Mensah" in text and "tweet.png" in text

    page.get_by_role("link", name="Download everything we hold about you").click()
    checker.check("my-data")

    page.goto(live_server + "/cpd")
    page.get_by_role("link", name=re.compile("#SWDay workshop")).click()
    page.get_by_role("link", name="Delete this entry").click()
    expect(page.get_by_role("heading", name=re.compile("^Delete"))).to_be_visible()
    checker.check("delete-confirm")
    page.get_by_role("link", name="No, keep it").click()
    expect(page.get_by_role("heading", name=re.compile("#SWDay"))).to_be_visible()


def test_a_manager_sees_figures_and_only_shared_entries(live_app, live_server, page, checker):
    from courseware.extensions import db
    from courseware.models import CpdEntry
    from tests.factories import make_user
    from tests.manage.helpers import make_team

    with live_app.app_context():
        learner = make_user("lee@example.org", "Lee Learner")
        manager = make_user("mo@example.org", "Mo Manager", role="manager")
        make_team("Lee's team", [learner], [manager])
        entry = CpdEntry(user_id=learner.id, status="recorded", activity_type="supervision",
                         title="Supervision on endings",
                         activity_date=clock.today() - timedelta(days=10),
                         description="d", learning="What I learnt in supervision.",
                         impact_on_practice="i", standards=["4.2"], links=[],
                         shared_with_manager=True, shared_at=clock.now())
        db.session.add(entry)
        db.session.commit()
        db.session.remove()

    page.goto(live_server + "/login")
    page.get_by_label("Email address").fill("mo@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(live_server + "/cpd/team")
    expect(page.get_by_role("heading", name="Your team's CPD")).to_be_visible()
    checker.check("team")
    page.get_by_role("link", name="Supervision on endings").click()
    expect(page.get_by_text("What I learnt in supervision.")).to_be_visible()
    checker.check("team-entry")

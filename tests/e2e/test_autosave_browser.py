"""A CPD entry saves itself as a draft while the learner types, in a real browser: the status
line says when, and after a reload the words are still there. Checked with axe."""

import re

from playwright.sync_api import expect

from tests.e2e.people import register

WORDS = "Starting with what matters to the person changed how I open assessments."


def test_an_entry_saves_itself_while_typing_and_survives_a_reload(
        live_app, live_server, page, checker):
    register(page, live_server)

    page.goto(live_server + "/cpd/new")
    page.get_by_label("Title").fill("Strengths-based supervision")
    page.get_by_label("What did you learn?").press_sequentially(WORDS[:30])
    page.get_by_label("What did you learn?").fill(WORDS)
    status = page.get_by_role("status")
    expect(status).to_have_text(re.compile(r"^Draft saved at \d\d:\d\d\.$"), timeout=10_000)
    expect(page).to_have_url(re.compile(r"/cpd/\d+/edit$"))  # a draft now, to reload
    checker.check("entry-saved-while-typing")

    page.reload()
    expect(page.get_by_label("What did you learn?")).to_have_value(WORDS)
    expect(page.get_by_label("Title")).to_have_value("Strengths-based supervision")
    expect(page.get_by_role("heading", name="Finish your draft")).to_be_visible()
    checker.check("draft-after-reload")

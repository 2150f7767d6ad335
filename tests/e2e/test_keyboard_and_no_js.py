"""Keyboard-only use, visible focus, the page without JavaScript, and the Listen button."""

import re

from playwright.sync_api import expect

from tests.e2e.keyboard import assert_focus_shows, focused, follow, tab_through, tab_to
from tests.e2e.people import sign_in_after_registering
from tests.factories import PASSWORD


def test_whole_journey_with_the_keyboard_alone(live_server, page, checker):
    page.goto(live_server + "/")
    page.keyboard.press("Tab")
    first = focused(page)
    assert first["text"] == "Skip to main content"
    page.keyboard.press("Enter")

    tab_to(page, "Create an account")
    follow(page)
    tab_to(page, "Your name")
    page.keyboard.type("Keyboard Kim")
    tab_to(page, "Email address")
    page.keyboard.type("kim@example.org")
    tab_to(page, "Password")
    page.keyboard.type(PASSWORD)
    tab_to(page, "Type the password again")
    page.keyboard.type(PASSWORD)
    tab_to(page, "Create account")
    follow(page)
    sign_in_after_registering(page)

    tab_to(page, "A tiny module for tests")
    follow(page)
    tab_to(page, "Start this module")
    follow(page)
    expect(page.get_by_text("Step 1 of 4")).to_be_visible()
    for number in (2, 3):
        tab_to(page, "Next")
        follow(page)
        expect(page.get_by_text(f"Step {number} of 4")).to_be_visible()
    tab_through(page)  # every answer and button of the quiz shows its focus

    tab_to(page, "#12thMW")
    page.keyboard.press("Space")
    tab_to(page, "A post")
    page.keyboard.press("Space")
    tab_to(page, "A follow")
    page.keyboard.press("Space")
    tab_to(page, "True")
    page.keyboard.press("ArrowDown")  # moves within the radio group to False
    tab_to(page, "Your answer")
    page.keyboard.type("hash")
    tab_to(page, "Check my answers")
    follow(page)
    expect(page.get_by_text("You passed.")).to_be_visible()

    tab_to(page, "Go to the next step")
    follow(page)
    tab_to(page, "Your reflection")
    page.keyboard.type("Typed with the keyboard only, and it all worked well.")
    tab_to(page, "Save my reflection")
    follow(page)
    expect(page.get_by_role("heading", name="Module complete")).to_be_visible()
    checker.check("complete-by-keyboard")


def test_journey_works_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_server + "/register")
        page.get_by_label("Your name").fill("No Script Nia")
        page.get_by_label("Email address").fill("nia@example.org")
        page.get_by_label("Password", exact=True).fill(PASSWORD)
        page.get_by_label("Type the password again").fill(PASSWORD)
        page.get_by_role("button", name="Create account").click()
        sign_in_after_registering(page)
        page.goto(live_server + "/modules/tiny-module")
        page.get_by_role("button", name="Start this module").click()
        expect(page.get_by_text("Step 1 of 4")).to_be_visible()
        expect(page.locator("#listen")).to_be_hidden()
        page.get_by_role("link", name=re.compile("^Next")).click()
        page.get_by_role("link", name=re.compile("^Next")).click()
        page.get_by_label("#12thMW").check()
        page.get_by_label("A post").check()
        page.get_by_label("A follow").check()
        page.get_by_label("False", exact=True).check()
        page.get_by_label("Your answer").fill("#")
        page.get_by_role("button", name="Check my answers").click()
        expect(page.get_by_text("You passed.")).to_be_visible()
        page.get_by_role("link", name="Go to the next step").click()
        page.get_by_label("Your reflection").fill("Works with scripts turned off, which is good.")
        page.get_by_role("button", name="Save my reflection").click()
        expect(page.get_by_role("heading", name="Module complete")).to_be_visible()
    finally:
        context.close()


def test_listen_button_reads_the_lesson_aloud(live_server, page, checker):
    page.add_init_script("""
      window.__spoken = [];
      if (window.speechSynthesis) {
        window.speechSynthesis.speak = (u) => { window.__spoken.push(u.text); };
      }
    """)
    page.goto(live_server + "/register")
    page.get_by_label("Your name").fill("Listening Lou")
    page.get_by_label("Email address").fill("lou@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Type the password again").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    sign_in_after_registering(page)
    page.goto(live_server + "/modules/tiny-module")
    page.get_by_role("button", name="Start this module").click()
    listen = page.get_by_role("button", name="Listen to this lesson")
    expect(listen).to_be_visible()
    checker.check("lesson-with-listen")
    listen.click()
    expect(page.get_by_role("button", name="Stop reading")).to_be_visible()
    spoken = page.evaluate("window.__spoken")
    assert len(spoken) == 1 and spoken[0].startswith("Welcome.")
    assert "This lesson has an image" in spoken[0]
    page.get_by_role("button", name="Stop reading").click()
    expect(listen).to_be_visible()


def test_a_form_sent_back_with_problems_puts_the_keyboard_on_the_list_of_them(live_server, page):
    page.goto(live_server + "/register")
    tab_to(page, "Create account")
    follow(page)  # nothing filled in
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert page.evaluate("document.activeElement.className") == "error-summary"
    assert_focus_shows(page, "the list of problems")
    page.keyboard.press("Tab")
    first = focused(page)
    assert first["tag"] == "A" and "name" in first["text"].lower(), first
    page.keyboard.press("Enter")  # the link takes the keyboard to the field to fix
    assert focused(page)["label"] == "Your name"

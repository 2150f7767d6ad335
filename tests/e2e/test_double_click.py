"""A double click on "Save and finish", in a real browser, records one entry, not two."""

import time

from flask import request
from playwright.sync_api import expect
from sqlalchemy import func, select

from courseware import clock
from courseware.extensions import db
from courseware.models import CpdEntry
from tests.e2e.people import register


def test_a_double_click_on_save_and_finish_records_one_entry(live_app, live_server, page,
                                                              checker):
    @live_app.before_request
    def a_slow_connection():  # the first answer is still on its way at the second click
        if request.method == "POST" and request.path == "/cpd/new":
            time.sleep(0.5)

    register(page, live_server)

    page.goto(live_server + "/cpd/new")
    today = clock.today().isoformat()
    page.get_by_label("Type of activity").select_option("reading")
    page.get_by_label("Title").fill("A blog post on strengths-based practice")
    page.get_by_label("Date of the activity").fill(today)
    page.get_by_label("Hours").fill("1")
    page.get_by_label("What was the activity").fill("I read a blog post by a practice educator.")
    page.get_by_label("What did you learn?").fill("Start with what is going well.")
    page.get_by_label("How has it changed").fill("I open visits by asking what is going well.")
    page.get_by_label("What difference does it make").fill("People feel listened to.")
    posts = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    button = page.get_by_role("button", name="Save and finish")
    button.scroll_into_view_if_needed()
    box = button.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.click(x, y)
    page.wait_for_timeout(150)  # a person's double click: the mouse does not wait for the page
    page.mouse.click(x, y)
    expect(page.get_by_text("Saved. It counts towards your CPD for")).to_be_visible()
    checker.check("saved-after-double-click")

    assert len(posts) == 2, posts  # the browser did send the form twice
    with live_app.app_context():
        assert db.session.scalar(select(func.count(CpdEntry.id))) == 1
    page.goto(live_server + "/cpd")
    expect(page.get_by_text("A blog post on strengths-based practice")).to_have_count(1)

"""A trainer writes a module, or uploads a package and fixes it, then previews and publishes it,
with the keyboard alone."""

import re

import pytest
from playwright.sync_api import expect

from tests.content.helpers import png_bytes, valid_files, zip_bytes
from tests.e2e.keyboard import (
    choose_file,
    follow,
    sign_in,
    tab_through,
    tab_to,
    type_into,
)


@pytest.fixture
def live_database(database_uri):
    """These journeys run on SQLite and on PostgreSQL."""
    return database_uri


@pytest.fixture
def trainer(live_app):
    from courseware.extensions import db
    from tests.factories import make_user

    with live_app.app_context():
        make_user("tess@example.org", "Tess Trainer", "trainer")
        db.session.remove()
    return "tess@example.org"


def publish(page, note: str) -> None:
    """From the draft, Tab to Publish, write what changed and publish."""
    tab_to(page, "Publish", exact=True)
    follow(page)
    expect(page.get_by_label(re.compile("^1.0.0"))).to_be_checked()
    tab_to(page, "What changed")
    page.keyboard.press("Control+A")  # replaces the suggested note
    page.keyboard.type(note)
    tab_to(page, "Publish", exact=True)
    follow(page)
    expect(page.get_by_text("is published")).to_be_visible()
    expect(page.get_by_text(note)).to_be_visible()


def test_write_preview_and_publish_a_module_with_the_keyboard(live_server, page, checker,
                                                             trainer):
    sign_in(page, live_server, trainer)
    tab_to(page, "Authoring")
    follow(page)
    tab_to(page, "Write a new module")
    follow(page)
    type_into(page, "Title", "Safe sharing online", exact=True)
    type_into(page, "Summary", "How to share your work online without sharing too much.")
    type_into(page, "How long it takes, in minutes", "20")
    type_into(page, "What learners will be able to do", "Choose who sees a post")
    tab_to(page, "Save and add steps")
    follow(page)
    expect(page.get_by_text("Still to do before you can publish")).to_be_visible()

    tab_to(page, "Lesson: text and pictures")  # none chosen yet: Tab stops on the first
    page.keyboard.press("Space")
    type_into(page, "Title of the new step", "Before you post")
    tab_to(page, "Add the step")
    follow(page)
    tab_through(page)  # every control of the lesson editor shows its focus
    type_into(page, "Lesson text", "## Think first\n\nAsk yourself **who** will see it.")
    expect(page.locator("[data-live-preview]").get_by_role("heading", name="Think first")
           ).to_be_visible()
    tab_to(page, "Picture (PNG")
    choose_file(page, {"name": "phone.png", "mimeType": "image/png", "buffer": png_bytes(120, 80)})
    type_into(page, "Describe the picture", "A phone showing a public post")
    tab_to(page, "Save and add the picture")
    follow(page)
    expect(page.get_by_text("The picture is added")).to_be_visible()
    tab_to(page, "Save and preview")
    follow(page)
    expect(page.locator("#preview img")).to_have_attribute("alt", "A phone showing a public post")
    checker.check("lesson-editor")
    tab_to(page, "Back to all steps")
    follow(page)

    tab_to(page, "Lesson: text and pictures")
    page.keyboard.press("ArrowDown")  # the arrow keys choose within a group of radio buttons
    expect(page.get_by_label("Quiz: questions with right answers")).to_be_checked()
    type_into(page, "Title of the new step", "Check your understanding")
    tab_to(page, "Add the step")
    follow(page)
    tab_to(page, "One right answer from a list")
    page.keyboard.press("Space")
    tab_to(page, "Add the question")
    follow(page)
    type_into(page, "Question", "Who can see a public post?", exact=True)
    type_into(page, "Choice 1", "Anyone", exact=True)
    tab_to(page, "Choice 1 is a right answer")
    page.keyboard.press("Space")
    type_into(page, "Feedback when choice 1 is chosen", "Yes: public means everyone.")
    type_into(page, "Choice 2", "Only my friends", exact=True)
    type_into(page, "Feedback when choice 2 is chosen", "No, that is a private post.")
    checker.check("question-editor")
    tab_to(page, "Save the question")
    follow(page)
    expect(page.get_by_text("Question 1 is saved.")).to_be_visible()
    tab_to(page, "Back to the quiz")
    follow(page)
    tab_to(page, "Back to all steps")
    follow(page)

    tab_to(page, "Preview as a learner")
    follow(page)
    tab_to(page, "Start this module")
    follow(page)
    expect(page.get_by_text("Step 1 of 2")).to_be_visible()
    tab_to(page, "Next")
    follow(page)
    tab_to(page, "Anyone")  # the first of the group, none chosen yet
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("Only my friends")).to_be_checked()
    tab_to(page, "Check my answers")
    follow(page)
    expect(page.get_by_text("No, that is a private post.")).to_be_visible()
    checker.check("preview-result")
    tab_to(page, "Back to the draft")
    follow(page)
    publish(page, "A first look at sharing safely.")
    expect(page.get_by_text("Published, current")).to_be_visible()
    checker.check("published")


def test_upload_fix_preview_and_publish_a_package_with_the_keyboard(
        live_server, page, checker, trainer, tmp_path):
    files = valid_files()
    yaml = files["module.yaml"].decode()
    files["module.yaml"] = yaml.replace("level:", "levle:").encode()
    broken = tmp_path / "broken.zip"
    broken.write_bytes(zip_bytes(files))
    line = yaml.splitlines().index("level: beginner")

    sign_in(page, live_server, trainer)
    tab_to(page, "Authoring")
    follow(page)
    tab_to(page, "Upload a package (.zip)")
    follow(page)
    tab_to(page, "Package (.zip file)")
    choose_file(page, str(broken))
    tab_to(page, "Upload", exact=True)
    follow(page)
    expect(page.get_by_text("It has 1 problem to fix")).to_be_visible()
    checker.check("draft-with-a-problem")

    tab_to(page, "Unknown key 'levle'")
    follow(page)
    tab_to(page, "Contents of the file")  # the next stop after the line the link went to
    page.keyboard.press("Control+Home")
    for _ in range(line):
        page.keyboard.press("ArrowDown")
    for _ in range(len("levle")):
        page.keyboard.press("Delete")
    page.keyboard.type("level")
    tab_to(page, "Save the file")
    follow(page)
    expect(page.get_by_text("module.yaml is saved.")).to_be_visible()
    expect(page.locator("li.code-problem")).to_have_count(0)
    tab_through(page)
    checker.check("file-fixed")

    tab_to(page, "Draft: Social media for technophobes")
    follow(page)
    tab_to(page, "Preview as a learner")
    follow(page)
    tab_to(page, "Start this module")
    follow(page)
    expect(page.get_by_text("Step 1 of 5")).to_be_visible()
    tab_to(page, "Back to the draft")
    follow(page)
    publish(page, "Uploaded from git.")

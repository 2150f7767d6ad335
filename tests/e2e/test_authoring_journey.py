"""A trainer builds, previews and publishes a module in a real browser; a learner takes it."""

import re

from playwright.sync_api import expect

from tests.content.helpers import png_bytes
from tests.e2e.people import sign_in_after_registering
from tests.factories import PASSWORD


def sign_in(page, live_server, email):
    page.goto(live_server + "/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_trainer_builds_previews_and_publishes_then_a_learner_takes_it(
        live_app, live_server, page, checker):
    from courseware.extensions import db
    from tests.factories import make_user

    with live_app.app_context():
        make_user("tess@example.org", "Tess Trainer", "trainer")
        db.session.remove()

    sign_in(page, live_server, "tess@example.org")
    page.get_by_role("link", name="Authoring").click()
    expect(page.get_by_role("heading", name="Authoring", exact=True)).to_be_visible()
    checker.check("authoring-home")

    page.get_by_role("link", name="Write a new module").click()
    page.get_by_role("button", name="Save and add steps").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    checker.check("new-module-errors")
    page.get_by_label("Title").fill("Safe sharing online")
    page.get_by_label("Summary").fill("How to share your work online without sharing too much.")
    page.get_by_label("How long it takes, in minutes").fill("20")
    page.get_by_label("What learners will be able to do").fill("Choose who sees a post")
    page.get_by_role("button", name="Save and add steps").click()
    expect(page.get_by_text("Still to do before you can publish")).to_be_visible()
    checker.check("draft-empty")

    page.get_by_label("Lesson: text and pictures").check()
    page.get_by_label("Title of the new step").fill("Before you post")
    page.get_by_role("button", name="Add the step").click()
    expect(page.get_by_role("heading", name="Lesson: Before you post")).to_be_visible()
    page.get_by_label("Lesson text").fill("## Think first\n\nAsk yourself **who** will see it.")
    preview = page.locator("[data-live-preview]")
    expect(preview.get_by_role("heading", name="Think first")).to_be_visible()
    # saved 2 seconds after the last key, then a request: on a busy machine that passes 5 s
    expect(page.get_by_text("Draft saved at")).to_be_visible(timeout=15_000)
    checker.check("lesson-editor")

    page.get_by_label("Picture (PNG").set_input_files(
        {"name": "phone.png", "mimeType": "image/png", "buffer": png_bytes(120, 80)})
    page.get_by_role("button", name="Save and add the picture").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()  # alt text is required
    checker.check("picture-needs-alt")
    page.get_by_label("Picture (PNG").set_input_files(
        {"name": "phone.png", "mimeType": "image/png", "buffer": png_bytes(120, 80)})
    page.get_by_label("Describe the picture").fill("A phone showing a public post")
    page.get_by_role("button", name="Save and add the picture").click()
    expect(page.get_by_text("The picture is added")).to_be_visible()
    expect(page.get_by_label("Lesson text")).to_have_value(
        re.compile(r"!\[A phone showing a public post\]\(\.\./media/phone\.png\)"))
    page.get_by_role("button", name="Save and preview").click()
    picture = page.locator("#preview img")
    expect(picture).to_have_attribute("alt", "A phone showing a public post")
    picture.evaluate("img => img.decode()")  # loaded (on a busy machine, not yet at once)
    assert picture.evaluate("img => img.naturalWidth") == 120
    checker.check("lesson-preview")

    page.get_by_role("link", name="Back to all steps").click()
    page.get_by_label("Quiz: questions with right answers").check()
    page.get_by_label("Title of the new step").fill("Check your understanding")
    page.get_by_role("button", name="Add the step").click()
    page.get_by_label("One right answer from a list").check()
    page.get_by_role("button", name="Add the question").click()
    expect(page.get_by_role("heading", name="Question 1: One right answer")).to_be_visible()
    checker.check("question-editor")
    page.get_by_label("Question", exact=True).fill("Who can see a public post?")
    page.get_by_label("Choice 1", exact=True).fill("Anyone")
    page.get_by_label("Choice 1 is a right answer").check()
    page.get_by_label("Feedback when choice 1 is chosen").fill("Yes: public means everyone.")
    page.get_by_label("Choice 2", exact=True).fill("Only my friends")
    page.get_by_label("Feedback when choice 2 is chosen").fill("No, that is a private post.")
    page.get_by_role("button", name="Save the question").click()
    expect(page.get_by_text("Question 1 is saved.")).to_be_visible()
    page.get_by_role("link", name="Back to the quiz").click()
    expect(page.get_by_role("heading", name="Quiz: Check your understanding")).to_be_visible()
    checker.check("quiz-editor")

    page.get_by_role("link", name="Back to all steps").click()
    expect(page.get_by_role("link", name="Publish")).to_be_visible()
    checker.check("draft-ready")

    page.get_by_role("link", name="Preview as a learner").click()
    expect(page.get_by_text("Preview of your draft.")).to_be_visible()
    checker.check("preview-module")
    page.get_by_role("button", name="Start this module").click()
    expect(page.get_by_text("Step 1 of 2")).to_be_visible()
    page.locator(".lesson-body img").evaluate("img => img.decode()")  # loaded
    assert page.locator(".lesson-body img").evaluate("img => img.naturalWidth") == 120
    checker.check("preview-lesson")
    page.get_by_role("link", name=re.compile("^Next")).click()
    page.get_by_label("Only my friends").check()
    page.get_by_role("button", name="Check my answers").click()
    expect(page.get_by_text("You have not passed this time")).to_be_visible()
    expect(page.get_by_text("No, that is a private post.")).to_be_visible()
    checker.check("preview-result")

    page.get_by_role("link", name="Back to the draft").click()
    page.get_by_role("link", name="Publish").click()
    expect(page.get_by_label(re.compile("^1.0.0"))).to_be_checked()
    page.get_by_label("What changed").fill("A first look at sharing safely.")
    checker.check("publish")
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("Version 1.0.0 of “Safe sharing online” is published")).to_be_visible()
    expect(page.get_by_text("Published, current")).to_be_visible()
    checker.check("home-published")

    page.get_by_role("button", name="Sign out").click()
    page.goto(live_server + "/register")
    page.get_by_label("Your name").fill("Lee Learner")
    page.get_by_label("Email address").fill("lee@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Type the password again").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    sign_in_after_registering(page)
    expect(page.get_by_role("link", name="Authoring")).to_have_count(0)
    page.get_by_role("link", name="Safe sharing online").click()
    expect(page.get_by_text("What is new in version 1.0.0")).to_be_visible()
    checker.check("learner-module")
    page.get_by_role("button", name="Start this module").click()
    expect(page.get_by_text("Step 1 of 2")).to_be_visible()
    page.locator(".lesson-body img").evaluate("img => img.decode()")  # loaded
    assert page.locator(".lesson-body img").evaluate("img => img.naturalWidth") == 120
    checker.check("learner-lesson")
    page.get_by_role("link", name=re.compile("^Next")).click()
    page.get_by_label("Anyone").check()
    page.get_by_role("button", name="Check my answers").click()
    expect(page.get_by_text("You passed.")).to_be_visible()
    page.get_by_role("link", name="Finish the module").click()
    expect(page.get_by_role("heading", name="Module complete")).to_be_visible()
    checker.check("learner-complete")


def test_a_technical_trainer_uploads_fixes_a_file_and_an_admin_reads_the_log(
        live_app, live_server, page, checker, tmp_path):
    from courseware.extensions import db
    from tests.content.helpers import valid_files, zip_bytes
    from tests.factories import make_user

    with live_app.app_context():
        make_user("ada@example.org", "Ada Admin", "admin")
        db.session.remove()
    files = valid_files()
    files["module.yaml"] = files["module.yaml"].replace(b"level:", b"levle:").replace(
        b"would rather not.", b"would rather not. Follow #DataWeek for more.")
    broken = tmp_path / "broken.zip"
    broken.write_bytes(zip_bytes(files))
    hostile = tmp_path / "hostile.zip"
    hostile.write_bytes(zip_bytes({**valid_files(), "media/evil.svg": b"<svg><script/></svg>"}))

    sign_in(page, live_server, "ada@example.org")
    page.goto(live_server + "/authoring/upload")
    page.get_by_label("Package (.zip file)").set_input_files(str(hostile))
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_text("Your package was not uploaded")).to_be_visible()
    expect(page.get_by_text("SVG images are not allowed")).to_be_visible()
    checker.check("upload-refused")

    page.get_by_label("Package (.zip file)").set_input_files(str(broken))
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_text("It has 1 problem to fix")).to_be_visible()
    expect(page.get_by_role("heading", name="Worth checking")).to_be_visible()
    expect(page.get_by_text("“#DataWeek for more.” is left out of summary")).to_be_visible()
    checker.check("draft-with-a-problem")
    page.get_by_role("link", name=re.compile("Unknown key 'levle'")).click()
    expect(page.locator("li.code-problem")).to_contain_text("levle")
    checker.check("file-with-a-problem")
    text = page.get_by_label("Contents of the file").input_value()
    page.get_by_label("Contents of the file").fill(text.replace("levle:", "level:"))
    page.get_by_role("button", name="Save the file").click()
    expect(page.get_by_text("module.yaml is saved.")).to_be_visible()
    expect(page.locator("li.code-problem")).to_have_count(0)
    page.get_by_role("link", name="Files of this draft").click()
    checker.check("files")
    page.get_by_role("link", name=re.compile("^Draft:")).click()
    expect(page.get_by_role("link", name="Publish")).to_be_visible()
    page.get_by_role("button", name=re.compile("^Remove")).first.click()
    checker.check("confirm-remove")
    page.get_by_role("link", name="No, go back").click()
    page.get_by_role("link", name="Publish").click()
    page.get_by_label("What changed").fill("Uploaded from git.")
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("is published")).to_be_visible()
    page.get_by_role("button", name=re.compile("^Retire this module")).first.click()
    expect(page.get_by_text("is retired")).to_be_visible()
    page.get_by_role("link", name="Audit log").click()
    expect(page.get_by_role("cell", name="Retired")).to_be_visible()
    checker.check("audit-log")


def test_a_learner_part_way_through_sees_the_new_version_and_may_restart(
        live_app, live_server, page, checker, tmp_path):
    import shutil

    from courseware.extensions import db
    from courseware.models import ModuleVersion
    from tests.factories import PACKAGES, import_tiny_module, make_user

    with live_app.app_context():
        make_user("mid@example.org", "Mid Way")
        db.session.remove()
    sign_in(page, live_server, "mid@example.org")
    page.goto(live_server + "/modules/tiny-module")
    page.get_by_role("button", name="Start this module").click()
    expect(page.get_by_text("Step 1 of 4")).to_be_visible()

    copy = tmp_path / "v2"
    shutil.copytree(PACKAGES / "tiny-module", copy)
    text = (copy / "module.yaml").read_text().replace("version: 1.0.0", "version: 1.1.0")
    (copy / "module.yaml").write_text(text)
    with live_app.app_context():
        version = import_tiny_module(copy)
        db.session.get(ModuleVersion, version.id).change_note = "A new quiz question."
        db.session.commit()
        db.session.remove()

    page.goto(live_server + "/modules/tiny-module")
    expect(page.get_by_text("There is a new version of this module (1.1.0).")).to_be_visible()
    expect(page.get_by_text("A new quiz question.")).to_be_visible()
    checker.check("new-version-offered")
    page.get_by_role("button", name="Start again on the new version (1.1.0)").click()
    expect(page.get_by_text("You have started version 1.1.0")).to_be_visible()
    checker.check("restarted")

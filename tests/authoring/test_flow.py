"""From an empty draft to a published version that learners take, through the test client."""

import io
import re
import shutil

from sqlalchemy import func, select

from courseware.content import content_hash, read_package
from courseware.extensions import db
from courseware.models import (
    AuditEvent,
    Draft,
    DraftFile,
    Enrolment,
    Module,
    ModuleVersion,
    QuizAttempt,
    Reflection,
    StepProgress,
    VersionFile,
)
from tests.authoring.helpers import (
    build_small_module,
    draft_id_from,
    publish,
    save_lesson,
    sign_in,
)
from tests.conftest import make_app
from tests.factories import PACKAGES, Auth, import_package, make_user, post_form


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_draft_to_publish_then_a_learner_takes_it(client, app):
    sign_in(client)
    draft = build_small_module(client)
    page = client.get(f"/authoring/drafts/{draft}").get_data(as_text=True)
    assert "Still to do" not in page and "Publish" in page
    assert "Before you post" in page and "Check your understanding" in page

    form = client.get(f"/authoring/drafts/{draft}/publish").get_data(as_text=True)
    assert "1.0.0" in form and "The first version." in form
    response = publish(client, draft, note="A first look at sharing safely.")
    assert response.status_code == 302
    assert db.session.get(Draft, draft) is None and count(DraftFile) == 0

    version = db.session.scalar(select(ModuleVersion))
    module = db.session.get(Module, version.module_id)
    assert (module.slug, version.version) == ("safe-sharing-online", "1.0.0")
    assert module.current_version_id == version.id and module.owner_id is not None
    assert version.change_note == "A first look at sharing safely."
    kept = {f.path: bytes(f.data) for f in db.session.scalars(select(VersionFile))}
    assert set(kept) == {"module.yaml", "lessons/before-you-post.md", "media/phone.png"}
    assert content_hash(kept) == version.content_hash
    actions = [e.action for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))]
    assert actions == ["create", "publish"]

    home = client.get("/authoring/").get_data(as_text=True)
    assert "Published, current" in home and "A first look at sharing safely." in home

    Auth(client).logout()
    make_user("lee@example.org", "Lee Learner")
    Auth(client).login("lee@example.org")
    catalogue = client.get("/").get_data(as_text=True)
    assert "Safe sharing online" in catalogue
    module_page = client.get("/modules/safe-sharing-online").get_data(as_text=True)
    assert "What is new in version 1.0.0:" in module_page
    start = post_form(client, "/modules/safe-sharing-online/start", {},
                      token_from="/modules/safe-sharing-online")
    eid = int(re.search(r"/learn/(\d+)", start.headers["Location"]).group(1))
    lesson = client.get(f"/learn/{eid}/steps/before-you-post").get_data(as_text=True)
    assert 'alt="A phone showing a post"' in lesson and 'src="/media/' in lesson
    sha = re.search(r'src="/media/([0-9a-f]{64})"', lesson).group(1)
    picture = client.get(f"/media/{sha}")
    assert picture.status_code == 200 and picture.mimetype == "image/png"
    answered = post_form(client, f"/learn/{eid}/steps/check-your-understanding/quiz",
                         {"q-q1": "0"}, token_from=f"/learn/{eid}/steps/check-your-understanding")
    assert "You scored 100%" in client.get(answered.headers["Location"]).get_data(as_text=True)
    done = post_form(client, f"/learn/{eid}/steps/your-practice/reflection",
                     {"text": "I will check who can see it."},
                     token_from=f"/learn/{eid}/steps/your-practice", follow_redirects=True)
    assert "Module complete" in done.get_data(as_text=True)


def test_preview_shows_the_learner_pages_and_records_nothing(client, app):
    sign_in(client)
    draft = build_small_module(client)
    base = f"/authoring/drafts/{draft}/preview"
    page = client.get(base).get_data(as_text=True)
    assert "Preview of your draft" in page and "Start this module" in page
    assert "/learn/" not in page and "/modules/" not in page.split("<main")[1]
    start = post_form(client, base + "/start", {}, token_from=base)
    assert start.headers["Location"].endswith(base + "/steps/before-you-post")
    lesson = client.get(base + "/steps/before-you-post").get_data(as_text=True)
    assert "Step 1 of 3" in lesson and "<strong>who</strong>" in lesson
    assert f'src="/authoring/drafts/{draft}/media/' in lesson
    assert "/learn/" not in lesson
    sha = re.search(rf'src="/authoring/drafts/{draft}/media/([0-9a-f]+)"', lesson).group(1)
    assert client.get(f"/authoring/drafts/{draft}/media/{sha}").mimetype == "image/png"

    quiz_url = base + "/steps/check-your-understanding"
    missing = post_form(client, quiz_url + "/quiz", {}, token_from=quiz_url)
    assert "Answer question 1" in missing.get_data(as_text=True)
    wrong = post_form(client, quiz_url + "/quiz", {"q-q1": "1"}, token_from=quiz_url)
    text = wrong.get_data(as_text=True)
    assert "You scored 0%" in text and "No, that is a private post." in text
    right = post_form(client, quiz_url + "/quiz", {"q-q1": "0"}, token_from=quiz_url)
    assert "You scored 100%" in right.get_data(as_text=True)
    tampered = post_form(client, quiz_url + "/quiz", {"q-q1": "7"}, token_from=quiz_url)
    assert tampered.status_code == 400

    reflect = base + "/steps/your-practice"
    end = post_form(client, reflect + "/reflection", {"text": "Some words here"},
                    token_from=reflect, follow_redirects=True)
    assert "End of the preview" in end.get_data(as_text=True)
    assert count(QuizAttempt) == count(Enrolment) == count(Reflection) == 0
    assert count(StepProgress) == 0


def test_a_draft_with_problems_cannot_be_previewed_or_published(client, app):
    sign_in(client)
    response = post_form(client, "/authoring/new", {
        "title": "Half done", "summary": "Not yet.", "duration_minutes": "5",
        "level": "beginner", "certificate_enabled": "y"})
    draft = draft_id_from(response)
    page = client.get(f"/authoring/drafts/{draft}").get_data(as_text=True)
    assert "Still to do before you can publish" in page
    assert f'href="/authoring/drafts/{draft}#add-step"' in page
    assert client.get(f"/authoring/drafts/{draft}/preview").status_code == 302
    refused = client.get(f"/authoring/drafts/{draft}/publish").get_data(as_text=True)
    assert "Fix these before you can publish" in refused and 'name="release"' not in refused
    assert count(ModuleVersion) == 0


def published_tiny(client, tmp_path):
    """The tiny module imported by command, owned by the signed-in trainer."""
    from tests.factories import import_tiny_module

    version = import_tiny_module()
    module = db.session.get(Module, version.module_id)
    return version, module


def test_versions_learners_keep_theirs_new_starters_get_the_newest(client, app, tmp_path):
    trainer = sign_in(client)
    old, module = published_tiny(client, tmp_path)
    module.owner_id = trainer.id
    db.session.commit()

    Auth(client).logout()
    make_user("mid@example.org", "Mid Way")
    Auth(client).login("mid@example.org")
    start = post_form(client, "/modules/tiny-module/start", {}, token_from="/modules/tiny-module")
    mid = int(re.search(r"/learn/(\d+)", start.headers["Location"]).group(1))
    client.get(f"/learn/{mid}/steps/welcome")
    Auth(client).logout()

    Auth(client).login("trainer@example.org")
    new = post_form(client, f"/authoring/versions/{old.id}/draft", {}, token_from="/authoring/")
    draft = draft_id_from(new)
    assert save_lesson(client, draft, 1, "Welcome", "Welcome, **again**.").status_code == 302
    form = client.get(f"/authoring/drafts/{draft}/publish").get_data(as_text=True)
    assert "1.0.1" in form and "1.1.0" in form and "2.0.0" in form
    assert re.search(r'value="patch" checked', form)
    assert publish(client, draft, "minor", "A warmer welcome.").status_code == 302
    newest = db.session.scalar(select(ModuleVersion).where(ModuleVersion.version == "1.1.0"))
    assert db.session.get(Module, module.id).current_version_id == newest.id
    Auth(client).logout()

    Auth(client).login("mid@example.org")
    resumed = client.get(f"/learn/{mid}/steps/welcome").get_data(as_text=True)
    assert "Welcome, <strong>again</strong>" not in resumed
    page = client.get("/modules/tiny-module").get_data(as_text=True)
    assert "There is a new version of this module (1.1.0)" in page
    assert "A warmer welcome." in page and "Start again on the new version (1.1.0)" in page
    again = post_form(client, "/modules/tiny-module/start", {}, token_from="/modules/tiny-module")
    assert int(re.search(r"/learn/(\d+)", again.headers["Location"]).group(1)) == mid
    restart = post_form(client, "/modules/tiny-module/restart", {},
                        token_from="/modules/tiny-module")
    fresh = int(re.search(r"/learn/(\d+)", restart.headers["Location"]).group(1))
    assert fresh != mid
    assert db.session.get(Enrolment, fresh).module_version_id == newest.id
    assert db.session.get(Enrolment, mid).module_version_id == old.id
    Auth(client).logout()

    make_user("new@example.org", "New Starter")
    Auth(client).login("new@example.org")
    start = post_form(client, "/modules/tiny-module/start", {}, token_from="/modules/tiny-module")
    eid = int(re.search(r"/learn/(\d+)", start.headers["Location"]).group(1))
    assert db.session.get(Enrolment, eid).module_version_id == newest.id
    assert "Welcome, <strong>again</strong>" in client.get(
        f"/learn/{eid}/steps/welcome").get_data(as_text=True)


def test_retire_leaves_the_catalogue_and_keeps_records(client, app, tmp_path):
    trainer = sign_in(client)
    version, module = published_tiny(client, tmp_path)
    module.owner_id = trainer.id
    db.session.commit()
    retired = post_form(client, f"/authoring/modules/{module.id}/retire", {},
                        token_from="/authoring/", follow_redirects=True)
    assert "is retired" in retired.get_data(as_text=True)
    assert "A tiny module" not in client.get("/").get_data(as_text=True)
    assert db.session.get(Module, module.id).retired_at is not None
    assert count(ModuleVersion) == 1
    assert post_form(client, "/modules/tiny-module/start", {},
                     token_from="/modules/tiny-module").status_code == 404
    post_form(client, f"/authoring/modules/{module.id}/restore", {}, token_from="/authoring/")
    assert "A tiny module" in client.get("/").get_data(as_text=True)
    actions = [e.action for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))]
    assert actions == ["retire", "restore"]


def test_export_round_trip_gives_the_same_content_hash_anywhere(
        client, app, tmp_path, sqlite_template):
    trainer = sign_in(client)
    version, module = published_tiny(client, tmp_path)
    module.owner_id = trainer.id
    db.session.commit()
    response = client.get(f"/authoring/versions/{version.id}/export")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert 'filename="tiny-module-1.0.0.zip"' in response.headers["Content-Disposition"]
    data = response.get_data()
    assert content_hash(read_package(data)) == version.content_hash
    assert client.get(f"/authoring/versions/{version.id}/export").get_data() == data
    assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.action == "export"))

    # Another server, with its own empty database: the command-line import ...
    other_db = tmp_path / "other.sqlite"
    shutil.copy(sqlite_template, other_db)
    (tmp_path / "other").mkdir()
    other = make_app(f"sqlite:///{other_db}", tmp_path / "other")
    with other.app_context():
        imported = import_package(data)
        db.session.commit()
        assert imported.module_version.content_hash == version.content_hash
        db.session.remove()

    # ... and the browser: upload, then publish with the package's own number.
    third_db = tmp_path / "third.sqlite"
    shutil.copy(sqlite_template, third_db)
    (tmp_path / "third").mkdir()
    third = make_app(f"sqlite:///{third_db}", tmp_path / "third")
    with third.app_context():
        browser = third.test_client()
        make_user("t@example.org", "T", "trainer")
        Auth(browser).login("t@example.org")
        uploaded = post_form(browser, "/authoring/upload",
                             {"package": (io.BytesIO(data), "tiny.zip")},
                             content_type="multipart/form-data")
        assert uploaded.status_code == 302
        draft = draft_id_from(uploaded)
        form = browser.get(f"/authoring/drafts/{draft}/publish").get_data(as_text=True)
        assert "1.0.0" in form
        assert publish(browser, draft, "major", "Moved here.").status_code == 302
        assert db.session.scalar(select(ModuleVersion.content_hash)) == version.content_hash
        db.session.remove()


def test_command_line_import_keeps_the_files_and_fills_them_in_later(app):
    from tests.factories import import_tiny_module

    version = import_tiny_module()
    assert count(VersionFile) == len(read_package(PACKAGES / "tiny-module"))
    db.session.execute(VersionFile.__table__.delete())
    db.session.commit()
    import_tiny_module()  # the same package again: unchanged, but its files are kept now
    assert count(VersionFile) == len(read_package(PACKAGES / "tiny-module"))
    assert count(ModuleVersion) == 1 and version.content_hash

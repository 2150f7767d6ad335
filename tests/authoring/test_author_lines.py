"""Authors see the real line: the command line and the upload say the same thing, once."""

import html
import io
import re
import zipfile
from pathlib import Path

from sqlalchemy import func, select

from courseware.content import build_module
from courseware.extensions import db
from courseware.models import Draft, DraftFile
from tests.authoring.helpers import draft_id_from, sign_in
from tests.content.helpers import edit, valid_files, zip_bytes
from tests.content.test_yaml_mistakes import REPORTED
from tests.factories import post_form

QUOTE = ("A quote opened on line 5 is never closed: add the closing quote at the end of the "
         "value.")
TAB = "Line 9 starts with a tab: YAML needs spaces to indent. Replace the tab with spaces."
SUMMARY = "summary: A gentle first look at social media for social workers who would rather not."
CUT = ('Line 5: “#DataWeek for more.” is left out of summary, because a space followed by # '
       'starts a comment. If it belongs there, put the whole value in quotes: summary: "A gentle '
       'first look at social media for social workers who would rather not. Follow #DataWeek '
       'for more."')
NOT_ALLOWED = ("This file is not allowed in a package, which holds only module.yaml, lessons "
               "(.md) in lessons/, quizzes (.yaml) in quizzes/ and pictures in media/. Remove it "
               "from the package.")


def upload(client, data: bytes):
    return post_form(client, "/authoring/upload", {"package": (io.BytesIO(data), "package.zip")},
                     content_type="multipart/form-data")


def write(root: Path, files: dict[str, bytes]) -> Path:
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return root


def page_text(response) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


def reported_files() -> dict[str, bytes]:
    return {"module.yaml": REPORTED.encode(), "lessons/intro.md": b"# Intro\n\nHello.\n"}


def test_yaml_mistakes_are_said_the_same_once_on_the_command_line_and_the_upload(
        runner, client, app, tmp_path):
    folder = write(tmp_path / "demo", reported_files())
    result = runner.invoke(args=["modules", "validate", str(folder)])
    assert result.exit_code == 1
    assert f"  module.yaml:5: {QUOTE}\n  module.yaml:9: {TAB}\n" in result.output
    assert "line 11" not in result.output and "end of stream" not in result.output

    sign_in(client)
    response = upload(client, zip_bytes(reported_files(), top="demo/"))
    assert response.status_code == 302
    page = page_text(client.get(response.headers["Location"]))
    assert page.count(QUOTE) == 1 and page.count(TAB) == 1
    assert "module.yaml line 5: " + QUOTE in page
    assert "end of stream" not in page and "line 11" not in page


def test_a_hash_that_cuts_a_summary_is_a_warning_everywhere(runner, client, app, tmp_path):
    files = edit("module.yaml", SUMMARY, SUMMARY + " Follow #DataWeek for more.")
    assert build_module(files)["summary"].endswith("rather not. Follow")  # it still imports

    result = runner.invoke(args=["modules", "validate", str(write(tmp_path / "m", files))])
    assert result.exit_code == 0
    assert f"  module.yaml:5: warning: {CUT}\n" in result.output

    sign_in(client)
    response = upload(client, zip_bytes(files))
    assert response.status_code == 302
    draft = draft_id_from(response)
    page = page_text(client.get(response.headers["Location"]))
    assert "is valid" in page and page.count(CUT) == 1
    assert f"module.yaml line 5: {CUT}" in page  # links to the line, where quotes go
    details = page_text(client.get(f"/authoring/drafts/{draft}/details"))
    assert details.count(CUT) == 1
    manifest = db.session.scalar(select(DraftFile.id).where(DraftFile.path == "module.yaml"))
    listing = page_text(client.get(f"/authoring/drafts/{draft}/files/{manifest}"))
    assert "Worth checking on line 5: " + CUT in " ".join(listing.split())


def test_comments_that_cut_nothing_are_left_alone():
    files = edit("module.yaml", "duration_minutes: 45", "duration_minutes: 45 # CPD time")
    files = edit("module.yaml", "level: beginner", "level: beginner  # or intermediate", files)
    files = edit("module.yaml", SUMMARY, "# a note for myself\n" + SUMMARY, files)
    from courseware.content import validate_package

    assert validate_package(files) == []


def test_files_the_format_does_not_allow_are_refused_by_name(runner, client, app, tmp_path):
    extra = {"lessons/evil.py": b"import os\n", "index.html": b"<script>alert(1)</script>",
             "lessons/notes.txt": b"notes"}
    files = {**valid_files(), **extra}
    folder = write(tmp_path / "pkg", files)
    archive = tmp_path / "pkg.zip"
    archive.write_bytes(zip_bytes(files, top="pkg/"))
    for source in (folder, archive):
        result = runner.invoke(args=["modules", "validate", str(source)])
        assert result.exit_code == 1
        for name in sorted(extra):
            assert f"  {name}: {NOT_ALLOWED}\n" in result.output
        imported = runner.invoke(args=["modules", "import", str(source)])
        assert imported.exit_code == 1 and "not imported" in imported.output

    sign_in(client)
    response = upload(client, zip_bytes(files))
    assert response.status_code == 422
    page = page_text(response)
    assert "nothing was stored" in page
    for name in extra:
        assert page.count(f"{name}: {NOT_ALLOWED}") == 1
    assert db.session.scalar(select(func.count(Draft.id))) == 0
    assert db.session.scalar(select(func.count(DraftFile.id))) == 0


def test_mac_and_git_leftovers_are_skipped_not_refused(client, app):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, data in valid_files().items():
            zf.writestr("pkg/" + name, data)
        zf.writestr("__MACOSX/pkg/._module.yaml", b"\0\5\26\7")
        zf.writestr("pkg/.DS_Store", b"\0\0\0\1Bud1")
        zf.writestr("pkg/.git/HEAD", b"ref: refs/heads/main\n")
    sign_in(client)
    response = upload(client, buffer.getvalue())
    assert response.status_code == 302
    assert "is valid" in page_text(client.get(response.headers["Location"]))
    paths = db.session.scalars(select(DraftFile.path)).all()
    assert not [p for p in paths if "DS_Store" in p or "MACOSX" in p or ".git" in p]

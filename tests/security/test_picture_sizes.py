"""Every picture that enters the system passes one check: type by content, size in pixels."""

import shutil

import pytest
from sqlalchemy import func, select

from courseware.content import read_package
from courseware.content.media import MAX_PIXELS, MAX_SIDE, picture_problem
from courseware.cpd.attachments import RefusedFile, check_file
from courseware.extensions import db
from courseware.models import CpdAttachment, ModuleVersion
from tests.authoring.helpers import add_picture, add_step, new_draft, sign_in
from tests.authoring.test_editor import files_of
from tests.content.helpers import (
    GIF,
    JPEG,
    WEBP,
    checked,
    oversized_png,
    picture_bytes,
    png_bytes,
    valid_files,
    zip_bytes,
)
from tests.cpd.helpers import make_entry
from tests.cpd.test_attachments import upload as attach_file
from tests.factories import PACKAGES

TOO_LARGE = "the picture is 30000 × 30000 pixels; the most is"


def test_the_one_check_reads_sizes_and_types_from_the_bytes():
    assert [picture_problem(data) for data in (png_bytes(), JPEG, GIF, WEBP)] == [None] * 4
    problem = picture_problem(oversized_png())
    assert (problem.code, problem.width, problem.height) == ("too-large", 30000, 30000)
    assert picture_problem(oversized_png(MAX_SIDE + 1, 1)).code == "too-large"
    side = int(MAX_PIXELS ** 0.5) + 1
    assert picture_problem(oversized_png(side, side)).code == "too-large"
    assert picture_problem(oversized_png(MAX_SIDE, 10)) is None
    truncated = png_bytes()[:45]
    assert picture_problem(truncated).code == "unreadable"
    assert picture_problem(b"GIF89a" + b"\x01\x00\x01\x00\x00\x00\x00;").code == "unreadable"
    assert picture_problem(b"not a picture").code == "unreadable"


def test_an_oversized_picture_in_a_package_is_a_validation_problem():
    files = {**valid_files(), "media/padlock.png": oversized_png()}
    errors = checked(files)
    assert len(errors) == 1 and errors[0].startswith(f"media/padlock.png: {TOO_LARGE}")
    assert "make it smaller" in errors[0]
    assert checked(read_package(zip_bytes(files, stored=True))) == errors


def test_an_oversized_picture_is_not_imported(runner, tmp_path):
    package = tmp_path / "tiny-module"
    shutil.copytree(PACKAGES / "tiny-module", package)
    (package / "media").mkdir(exist_ok=True)
    (package / "media" / "huge.png").write_bytes(oversized_png())
    result = runner.invoke(args=["modules", "import", str(package)])
    assert result.exit_code == 1 and "30000 × 30000 pixels" in result.output
    assert db.session.scalar(select(func.count(ModuleVersion.id))) == 0


def test_an_oversized_picture_upload_in_the_editor_is_refused(client, app):
    sign_in(client)
    draft = new_draft(client)
    lesson = add_step(client, draft, "lesson", "Pictures")
    response = add_picture(client, draft, lesson, "Pictures", "Text.", "A huge square",
                           data=oversized_png(), name="huge.png")
    page = response.get_data(as_text=True)
    assert "This picture cannot be used: the picture is 30000 × 30000 pixels" in page
    assert not [p for p in files_of(draft) if p.startswith("media/")]


def test_cpd_attachments_use_the_same_check(client, auth, learner):
    with pytest.raises(RefusedFile, match="30000 × 30000 pixels"):
        check_file(oversized_png())
    with pytest.raises(RefusedFile, match="damaged"):
        check_file(png_bytes()[:45])
    assert check_file(picture_bytes("WEBP")) == "image/webp"
    entry = make_entry(learner)
    auth.login()
    response = attach_file(client, entry.id, oversized_png(), "scan.png")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "“scan.png” was not added." in page and "30000 × 30000 pixels" in page
    assert db.session.scalar(select(func.count(CpdAttachment.id))) == 0

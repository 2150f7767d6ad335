"""Uploads are hostile until proven otherwise: crafted zips through the upload view."""

import io
import stat

import pytest
from sqlalchemy import func, select

from courseware.authoring import files as views
from courseware.extensions import db
from courseware.models import Draft, DraftFile
from tests.authoring.helpers import draft_id_from, sign_in
from tests.content.helpers import BILLION_LAUGHS, entry, png_bytes, valid_files, zip_bytes, zip_with
from tests.factories import post_form

SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def upload(client, data: bytes, name: str = "package.zip", url: str = "/authoring/upload"):
    return post_form(client, url, {"package": (io.BytesIO(data), name)},
                     content_type="multipart/form-data", token_from="/authoring/upload")


def stored() -> int:
    return db.session.scalar(select(func.count(Draft.id))) + db.session.scalar(
        select(func.count(DraftFile.id)))


HOSTILE = {
    "zip slip": (lambda: zip_with([(entry("../../evil.md"), b"pwned")]),
                 "../../evil.md: &#39;..&#39; is not allowed in paths inside a package"),
    "zip bomb": (lambda: zip_bytes({**valid_files(), "media/huge.png": b"\0" * (4 * 1024 * 1024)}),
                 "this looks like a zip bomb and was refused"),
    "symlink": (lambda: zip_with([(entry("lessons/passwd.md", stat.S_IFLNK | 0o777),
                                   b"/etc/passwd")]),
                "lessons/passwd.md: symbolic links are not allowed in a package"),
    "too many files": (lambda: zip_bytes({**valid_files(), **{f"media/{n}.png": png_bytes()
                                                              for n in range(496)}}),
                       "the package has 501 files; the limit is 500"),
    "svg with script": (lambda: zip_bytes({**valid_files(), "media/evil.svg": SVG}),
                        "media/evil.svg: SVG images are not allowed (they can carry scripts)"),
    "svg named png": (lambda: zip_bytes({**valid_files(), "media/evil.png": SVG}),
                      "media/evil.png: SVG images are not allowed"),
    "alias bomb": (lambda: zip_bytes({**valid_files(), "module.yaml": BILLION_LAUGHS.encode()}),
                   "YAML aliases (*a) are not allowed"),
    "not a zip": (lambda: b"This is a letter, not a zip.",
                  "This is not a .zip file that can be read."),
}


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_hostile_uploads_are_refused_with_a_clear_message(client, app, kind):
    sign_in(client)
    make, message = HOSTILE[kind]
    response = upload(client, make())
    text = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Your package was not uploaded" in text and "nothing was stored" in text
    assert message in text
    assert stored() == 0
    # The server is healthy afterwards: it answers, and a good package still goes in.
    assert client.get("/healthz").get_json() == {"status": "ok", "database": "ok"}
    good = upload(client, zip_bytes(valid_files(), top="my-module/"))
    assert good.status_code == 302
    assert "is valid" in client.get(good.headers["Location"]).get_data(as_text=True)


def test_a_package_with_ordinary_mistakes_becomes_a_draft_with_them_listed(client, app):
    sign_in(client)
    files = valid_files()
    files["module.yaml"] = files["module.yaml"].replace(b"summary:", b"sumary:")
    response = upload(client, zip_bytes(files))
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "has 2 problems to fix" in page
    assert "module.yaml line" in page and "Unknown key &#39;sumary&#39;" in page
    draft = draft_id_from(response)
    assert f'/authoring/drafts/{draft}/files/' in page and "#L" in page


def test_too_large_an_upload_is_refused_politely(client, app, monkeypatch):
    sign_in(client)
    monkeypatch.setattr(views, "UPLOAD_LIMIT", 64 * 1024)
    response = upload(client, b"\0" * (200 * 1024))
    assert response.status_code == 413
    assert "larger than 50 MB" in response.get_data(as_text=True)
    assert client.get("/healthz").status_code == 200
    assert stored() == 0


def test_uploads_over_the_site_wide_limit_arrive(client, app):
    """A package over the 1 MiB default for other forms is read, then judged on its content."""
    import os

    sign_in(client)
    files = {**valid_files(), **{f"lessons/notes-{n}.md": os.urandom(200 * 1024).hex().encode()
                                 for n in range(3)}}
    response = upload(client, zip_bytes(files, stored=True))
    assert response.status_code == 302
    assert client.post("/authoring/new", data={"summary": "x" * 1_100_000}).status_code == 413


def test_an_upload_without_a_file_or_a_csrf_token(client, app):
    sign_in(client)
    response = post_form(client, "/authoring/upload", {})
    assert "Choose a .zip file to upload." in response.get_data(as_text=True)
    bare = client.post("/authoring/upload", data={"package": (io.BytesIO(b"x"), "a.zip")},
                       content_type="multipart/form-data")
    assert bare.status_code == 400 and stored() == 0  # refused by the app-wide CSRF check


def test_someone_elses_module_id_is_refused(client, app):
    from tests.factories import import_tiny_module

    import_tiny_module()  # imported by command: nobody's, so only admins may update it
    sign_in(client)
    from courseware.content import read_package
    from tests.factories import PACKAGES

    response = upload(client, zip_bytes(read_package(PACKAGES / "tiny-module")))
    assert response.status_code == 422
    assert "already exists and belongs to someone else" in response.get_data(as_text=True)


def test_replacing_a_drafts_files_with_an_upload(client, app):
    sign_in(client)
    first = upload(client, zip_bytes(valid_files()))
    draft = draft_id_from(first)
    files = valid_files()
    files["lessons/01-what-is-social-media.md"] += b"\nOne more line.\n"
    again = upload(client, zip_bytes(files), url=f"/authoring/drafts/{draft}/upload")
    assert again.status_code == 302 and draft_id_from(again) == draft
    row = db.session.scalar(select(DraftFile).where(
        DraftFile.draft_id == draft, DraftFile.path == "lessons/01-what-is-social-media.md"))
    assert bytes(row.data).endswith(b"One more line.\n")

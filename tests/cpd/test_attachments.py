"""Files of evidence: judged by their bytes, size-limited, and served only to their owner."""

import io
import os

import pytest
from PIL import Image
from sqlalchemy import func, select

from courseware.cpd.attachments import MAX_BYTES, RefusedFile, check_file, clean_filename
from courseware.extensions import db
from courseware.models import CpdAttachment, CpdAttachmentData
from tests.cpd.helpers import make_entry, pdf_bytes, png_bytes
from tests.factories import form_tokens, make_user, post_form


@pytest.mark.parametrize("fmt, kind", [("PNG", "image/png"), ("JPEG", "image/jpeg"),
                                       ("GIF", "image/gif"), ("WEBP", "image/webp")])
def test_real_pictures_are_accepted(fmt, kind):
    assert check_file(png_bytes(fmt=fmt)) == kind


def test_a_real_pdf_is_accepted():
    assert check_file(pdf_bytes()) == "application/pdf"


@pytest.mark.parametrize("data, message", [
    (b"", "empty"),
    (b"just some text pretending to be a picture", "not a PDF or a picture"),
    (b"<html><script>alert(1)</script></html>", "not a PDF or a picture"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
     "not a PDF or a picture"),
    (b"MZ\x90\x00" + b"\x00" * 100, "not a PDF or a picture"),
    (b"%PDF-1.7\nthis is not really a pdf at all", "cannot be read as one"),
    (b"\x89PNG\r\n\x1a\n" + b"garbage after the signature" * 4, "damaged"),
    (b"\xff\xd8\xff\xe0" + b"\x00" * 64, "damaged"),
    (b"GIF89a" + b"\x00" * 3, "damaged"),
    (b"RIFF\x10\x00\x00\x00WEBPVP8 " + b"\x00" * 8, "damaged"),
])
def test_files_that_are_not_what_they_claim_are_refused(data, message):
    with pytest.raises(RefusedFile, match=message):
        check_file(data)


def test_a_file_over_the_limit_is_refused():
    big = png_bytes() + b"\x00" * MAX_BYTES
    with pytest.raises(RefusedFile, match="larger than 5 MB"):
        check_file(big)


def test_file_names_are_cleaned_and_take_the_real_extension():
    assert clean_filename("C:\\Users\\me\\cert.PNG", "image/png") == "cert.png"
    assert clean_filename("../../etc/passwd", "application/pdf") == "passwd.pdf"
    assert clean_filename('evil"<name>.exe', "image/jpeg") == "evilname.jpg"
    assert clean_filename("", "image/gif") == "evidence.gif"
    assert clean_filename("Siân’s certificate.pdf", "application/pdf") == (
        "Siân’s certificate.pdf")


def upload(client, entry_id, data, name):
    return post_form(client, f"/cpd/{entry_id}/files", {"file": (io.BytesIO(data), name)},
                     token_from=f"/cpd/{entry_id}", content_type="multipart/form-data")


def test_upload_then_serve_to_the_owner_only(client, auth, learner):
    entry = make_entry(learner)
    auth.login()
    picture, pdf = png_bytes(), pdf_bytes()
    assert upload(client, entry.id, picture, "screenshot.png").status_code == 302
    assert upload(client, entry.id, pdf, "certificate.pdf").status_code == 302
    page = client.get(f"/cpd/{entry.id}").get_data(as_text=True)
    assert "screenshot.png" in page and "certificate.pdf" in page and "PDF document" in page
    image_id, pdf_id = db.session.scalars(select(CpdAttachment.id).order_by(CpdAttachment.id))

    shown = client.get(f"/cpd/{entry.id}/files/{image_id}")
    assert shown.status_code == 200 and shown.data == picture
    assert shown.headers["Content-Type"] == "image/png"
    assert shown.headers["X-Content-Type-Options"] == "nosniff"
    assert "attachment" not in shown.headers.get("Content-Disposition", "")
    assert "sandbox" in shown.headers["Content-Security-Policy"]
    assert shown.headers["Cache-Control"] == "private, no-store"

    got = client.get(f"/cpd/{entry.id}/files/{pdf_id}")
    assert got.data == pdf and got.headers["Content-Type"] == "application/pdf"
    assert got.headers["Content-Disposition"].startswith("attachment;")
    assert "certificate.pdf" in got.headers["Content-Disposition"]

    auth.logout()
    make_user("other@example.org")
    auth.login("other@example.org")
    assert client.get(f"/cpd/{entry.id}/files/{image_id}").status_code == 404
    other = make_entry(db.session.scalar(select(type(learner)).filter_by(
        email="other@example.org")))
    assert client.get(f"/cpd/{other.id}/files/{image_id}").status_code == 404
    assert upload(client, entry.id, picture, "mine.png").status_code == 404
    removed = post_form(client, f"/cpd/{entry.id}/files/{image_id}/remove", {},
                        token_from=f"/cpd/{other.id}")
    assert removed.status_code == 404
    assert db.session.scalar(select(func.count(CpdAttachment.id))) == 2


def test_a_disguised_file_is_refused_with_a_reason(client, auth, learner):
    entry = make_entry(learner)
    auth.login()
    response = upload(client, entry.id, b"<script>alert(1)</script>", "holiday.jpg")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "“holiday.jpg” was not added." in page and "not a PDF or a picture" in page
    assert db.session.scalar(select(func.count(CpdAttachment.id))) == 0
    assert db.session.scalar(select(func.count(CpdAttachmentData.attachment_id))) == 0


def test_a_large_picture_within_the_limit_is_accepted(client, auth, learner):
    """Over the site-wide 1 MiB request limit, under the 5 MiB file limit."""
    entry = make_entry(learner)
    auth.login()
    out = io.BytesIO()
    Image.frombytes("RGB", (1000, 1000), os.urandom(3_000_000)).save(out, format="PNG")
    data = out.getvalue()
    assert 2 * 1024 * 1024 < len(data) < MAX_BYTES
    assert upload(client, entry.id, data, "big.png").status_code == 302
    item = db.session.scalar(select(CpdAttachment))
    assert item.size == len(data)
    assert client.get(f"/cpd/{entry.id}/files/{item.id}").data == data
    # Only the upload view takes more than the site-wide limit.
    too_much = post_form(client, "/cpd/new", {"title": "x", "description": "y" * 1_100_000},
                         token_from="/cpd/new")
    assert too_much.status_code == 413


def test_files_per_entry_and_size_are_limited(client, auth, learner):
    entry = make_entry(learner)
    auth.login()
    for n in range(4):
        assert upload(client, entry.id, png_bytes((n + 1, 1)), f"{n}.png").status_code == 302
    page = dict(form_tokens(client, f"/cpd/{entry.id}"))  # a second tab, open since now
    assert upload(client, entry.id, png_bytes((5, 1)), "4.png").status_code == 302
    sixth = post_form(client, f"/cpd/{entry.id}/files",
                      {"file": (io.BytesIO(png_bytes()), "six.png"), **page},
                      token_from="/my-data", content_type="multipart/form-data")
    assert "at most 5 files" in client.get(sixth.headers["Location"]).get_data(as_text=True)
    assert db.session.scalar(select(func.count(CpdAttachment.id))) == 5

    roomy = make_entry(learner, title="Another")
    too_big = upload(client, roomy.id, png_bytes() + b"\x00" * (MAX_BYTES + 100 * 1024), "x.png")
    assert too_big.status_code == 413
    assert "bigger than we accept" in too_big.get_data(as_text=True)


def test_removing_a_file(client, auth, learner):
    entry = make_entry(learner)
    auth.login()
    upload(client, entry.id, png_bytes(), "photo.png")
    item = db.session.scalar(select(CpdAttachment))
    response = post_form(client, f"/cpd/{entry.id}/files/{item.id}/remove", {},
                         token_from=f"/cpd/{entry.id}")
    assert response.status_code == 302
    assert db.session.scalar(select(func.count(CpdAttachment.id))) == 0
    assert db.session.scalar(select(func.count(CpdAttachmentData.attachment_id))) == 0

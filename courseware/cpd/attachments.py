"""Files of evidence: judged by their bytes, never their names, and kept in the database."""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import warnings

from sqlalchemy import func, select

from courseware.content.media import picture_problem, picture_size_words, sniff
from courseware.extensions import db
from courseware.models import CpdAttachment, CpdAttachmentData, CpdEntry

MAX_BYTES = 5 * 1024 * 1024
MAX_PER_ENTRY = 5
IMAGE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp"}
PDF = "application/pdf"
KINDS = {"image/png": "PNG image", "image/jpeg": "JPEG photo", "image/gif": "GIF image",
         "image/webp": "WebP image", PDF: "PDF document"}


class RefusedFile(ValueError):
    """A file we will not keep, with a message saying why and what to do."""


def check_file(data: bytes) -> str:
    """The content type of an acceptable file (PDF, PNG, JPEG, GIF, WebP), else RefusedFile."""
    if not data:
        raise RefusedFile("The file is empty. Choose the file again.")
    if len(data) > MAX_BYTES:
        raise RefusedFile("The file is larger than 5 MB. Make it smaller (for example, save the "
                          "photo at a lower size) and try again.")
    if data.startswith(b"%PDF-"):
        _check_pdf(data)
        return PDF
    kind = sniff(data)
    if kind in IMAGE_TYPES:
        _check_image(data)
        return kind
    raise RefusedFile("This file is not a PDF or a picture (PNG, JPEG, GIF or WebP), whatever "
                      "its name says. Save it as a PDF or a picture and try again.")


def _check_pdf(data: bytes) -> None:
    from pypdf import PdfReader  # some 19 MB: loaded when someone uploads a PDF

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                raise RefusedFile("This PDF is protected by a password. Save a copy without the "
                                  "password and try again.")
            pages = len(reader.pages)
    except RefusedFile:
        raise
    except Exception as error:  # whatever the library raises, refuse the file
        raise RefusedFile("This file starts like a PDF but cannot be read as one. Open it, save "
                          "it again as a PDF and try again.") from error
    if pages < 1:
        raise RefusedFile("This PDF has no pages. Choose another file.")


def _check_image(data: bytes) -> None:
    problem = picture_problem(data)
    if problem is not None and problem.code == "too-large":
        raise RefusedFile(f"This picture is {picture_size_words(problem)}. Save a smaller copy "
                          "(most phones and picture editors offer this) and try again.")
    if problem is not None:
        raise RefusedFile("This picture is damaged or not what it says it is. Open it, save it "
                          "again and try again.")


def clean_filename(name: str, content_type: str) -> str:
    """A file name safe to show and to offer for download, ending in the type's extension."""
    name = unicodedata.normalize("NFC", name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = re.sub(r"[\x00-\x1f\x7f\"<>:|?*]+", "", name).strip(" .") or "evidence"
    stem = name.rsplit(".", 1)[0] if "." in name else name
    ext = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/webp": "webp",
           PDF: "pdf"}[content_type]
    return f"{stem[:150]}.{ext}"


def count_for(entry: CpdEntry) -> int:
    """How many files the entry has."""
    return db.session.scalar(
        select(func.count(CpdAttachment.id)).where(CpdAttachment.entry_id == entry.id)
    )


def attach(entry: CpdEntry, filename: str, data: bytes) -> CpdAttachment:
    """Check a file and store it with the entry; RefusedFile when it cannot be kept."""
    if count_for(entry) >= MAX_PER_ENTRY:
        raise RefusedFile(f"An entry can have at most {MAX_PER_ENTRY} files. Remove one first, "
                          "or add a link instead.")
    content_type = check_file(data)
    item = CpdAttachment(
        entry_id=entry.id,
        user_id=entry.user_id,
        filename=clean_filename(filename, content_type),
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )
    db.session.add(item)
    db.session.flush()
    db.session.add(CpdAttachmentData(attachment_id=item.id, data=data))
    return item


def own_attachment(entry_id: int, attachment_id: int, user_id: int) -> CpdAttachment | None:
    """The user's attachment on their entry, or None."""
    return db.session.scalar(
        select(CpdAttachment).where(
            CpdAttachment.id == attachment_id,
            CpdAttachment.entry_id == entry_id,
            CpdAttachment.user_id == user_id,
        )
    )


def data_of(attachment: CpdAttachment) -> bytes:
    """The stored bytes of an attachment."""
    return db.session.get(CpdAttachmentData, attachment.id).data


def remove(attachment: CpdAttachment) -> None:
    """Delete an attachment and its bytes."""
    blob = db.session.get(CpdAttachmentData, attachment.id)
    if blob is not None:
        db.session.delete(blob)
        db.session.flush()  # the bytes go first: they refer to the attachment
    db.session.delete(attachment)

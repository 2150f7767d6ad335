"""Media files: what an image really is, judged from its first bytes, never from its name."""

from __future__ import annotations

import hashlib

EXTENSION_TYPES = {
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
}
TYPE_NAMES = {
    "image/png": "PNG",
    "image/jpeg": "JPEG",
    "image/gif": "GIF",
    "image/webp": "WebP",
    "image/svg+xml": "SVG",
}
SVG_EXTENSIONS = ("svg", "svgz")


def sniff(data: bytes) -> str | None:
    """The content type that the bytes themselves show (magic numbers), or None."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"<") and b"<svg" in head:
        return "image/svg+xml"
    return None


def media_problem(path: str, data: bytes) -> str | None:
    """Why a file in media/ cannot be used (SVG, wrong type, bytes not matching name), or None."""
    ext = path.rsplit(".", 1)[-1].lower() if "." in path.rsplit("/", 1)[-1] else ""
    found = sniff(data)
    if ext in SVG_EXTENSIONS or found == "image/svg+xml":
        return "SVG images are not allowed (they can carry scripts); export the image as PNG"
    expected = EXTENSION_TYPES.get(ext)
    if expected is None:
        return "media/ may hold only .png, .jpg, .jpeg, .gif and .webp images"
    if not data:
        return "the image file is empty"
    if found is None:
        looks = "text" if _looks_like_text(data) else "an unknown kind of file"
        name = TYPE_NAMES[expected]
        return f"the file is named .{ext} but is not a {name} image (it holds {looks})"
    if found != expected:
        return (
            f"the file is named .{ext} but holds a {TYPE_NAMES[found]} image; "
            f"rename it to .{_extension_for(found)}"
        )
    return None


def media_entry(data: bytes) -> dict:
    """The module's record of a valid media file: sha256, content_type and size."""
    return {"sha256": hashlib.sha256(data).hexdigest(), "content_type": sniff(data),
            "size": len(data)}


def _extension_for(content_type: str) -> str:
    return next(ext for ext, ct in EXTENSION_TYPES.items() if ct == content_type)


def _looks_like_text(data: bytes) -> bool:
    try:
        data[:512].decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start >= 508  # only a character cut off at the end of the sample
    return True

"""Media files: what an image really is, judged from its first bytes, never from its name."""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass

from .errors import Problem, problem
from .words import pixel_words, say

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
PILLOW_FORMATS = {"image/png": "PNG", "image/jpeg": "JPEG", "image/gif": "GIF",
                  "image/webp": "WEBP"}
MAX_SIDE = 10_000  # pixels on either side
MAX_PIXELS = 25_000_000  # width x height: a 25-megapixel photo
MAX_DECODED = 100 * 1024 * 1024  # bytes the picture takes once decoded


@dataclass(frozen=True)
class PictureProblem:
    """Why a picture is refused: "unreadable", or "too-large" with its size when known."""

    code: str
    width: int = 0
    height: int = 0


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


def picture_problem(data: bytes) -> PictureProblem | None:
    """The one check for every picture that enters the system: type by content, then size in
    pixels and once decoded, then Pillow's reading of it; any error from Pillow refuses it."""
    kind = sniff(data)
    if kind not in PILLOW_FORMATS:
        return PictureProblem("unreadable")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            # The format's own reader, not Image.open: it reads only the header, so the size is
            # known before any limit of Pillow's refuses the picture without saying it.
            with _reader(kind)(io.BytesIO(data)) as image:
                width, height = image.size
                decoded = width * height * len(image.getbands())
                if max(width, height) > MAX_SIDE or width * height > MAX_PIXELS \
                        or decoded > MAX_DECODED:
                    return PictureProblem("too-large", width, height)
                image.verify()
    except Exception:  # noqa: BLE001 - whatever Pillow raises, the picture is refused
        return PictureProblem("unreadable")
    return None


def _reader(kind: str):
    from PIL import GifImagePlugin, JpegImagePlugin, PngImagePlugin, WebPImagePlugin

    return {"image/png": PngImagePlugin.PngImageFile, "image/jpeg": JpegImagePlugin.JpegImageFile,
            "image/gif": GifImagePlugin.GifImageFile,
            "image/webp": WebPImagePlugin.WebPImageFile}[kind]


def picture_size_words(problem: PictureProblem) -> str:
    """'30000 × 30000 pixels; the most is 10000 pixels on a side and 25 million in all'."""
    return pixel_words(problem.width, problem.height, MAX_SIDE, MAX_PIXELS)


def media_check(path: str, data: bytes) -> Problem | None:
    """Why a file in media/ cannot be used (SVG, wrong type, bytes not matching name), or None."""
    ext = path.rsplit(".", 1)[-1].lower() if "." in path.rsplit("/", 1)[-1] else ""
    found = sniff(data)
    if ext in SVG_EXTENSIONS or found == "image/svg+xml":
        return problem(path, None, "media-svg")
    expected = EXTENSION_TYPES.get(ext)
    if expected is None:
        return problem(path, None, "media-not-picture-name", ext=ext)
    if not data:
        return problem(path, None, "media-empty")
    if found is None:
        return problem(path, None, "media-not-image", ext=ext, name=TYPE_NAMES[expected],
                       text=_looks_like_text(data))
    if found != expected:
        return problem(path, None, "media-wrong-type", ext=ext, holds=TYPE_NAMES[found],
                       rename=_extension_for(found))
    picture = picture_problem(data)
    if picture is not None and picture.code == "too-large":
        return problem(path, None, "media-too-many-pixels", width=picture.width,
                       height=picture.height, max_side=MAX_SIDE, max_pixels=MAX_PIXELS)
    if picture is not None:
        return problem(path, None, "media-unreadable", name=TYPE_NAMES[found])
    return None


def media_problem(path: str, data: bytes) -> str | None:
    """Why a file in media/ cannot be used, in words, or None."""
    found = media_check(path, data)
    return say(found) if found is not None else None


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

"""Helpers for content tests: the valid fixture package, mutated copies, tiny images, zips."""

from __future__ import annotations

import io
import stat
import struct
import zipfile
import zlib
from functools import cache
from pathlib import Path

from courseware.content import read_package, validate_package
from courseware.content.words import line_of

PACKAGES = Path(__file__).parent / "packages"
VALID = PACKAGES / "valid"


def png_bytes(width: int = 2, height: int = 2) -> bytes:
    """A real, tiny, red RGB PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = b"".join(b"\0" + b"\xff\x00\x00" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows))
            + chunk(b"IEND", b""))


def picture_bytes(fmt: str, size: tuple[int, int] = (2, 2)) -> bytes:
    """A real, tiny, red picture in Pillow's format fmt (JPEG, GIF, WEBP)."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, "red").save(out, format=fmt)
    return out.getvalue()


@cache
def oversized_png(width: int = 30000, height: int = 30000) -> bytes:
    """A real one-bit palette PNG of width x height pixels, some 100 KB on disk."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 1, 3, 0, 0, 0)
    row = b"\0" * (1 + (width + 7) // 8)
    packer = zlib.compressobj(9)
    body = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"PLTE", b"\xff\x00\x00")
            + chunk(b"IDAT", body) + chunk(b"IEND", b""))


JPEG = picture_bytes("JPEG")
GIF = picture_bytes("GIF")
WEBP = picture_bytes("WEBP")


BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


@cache
def _valid() -> tuple[tuple[str, bytes], ...]:
    return tuple(read_package(VALID).items())


def valid_files() -> dict[str, bytes]:
    """A fresh copy of the valid fixture package's files."""
    return dict(_valid())


def edit(path: str, old: str, new: str, files: dict[str, bytes] | None = None) -> dict[str, bytes]:
    """A copy of the package (valid by default) with one exact text replaced once in one file."""
    files = dict(files if files is not None else valid_files())
    text = files[path].decode("utf-8")
    assert text.count(old) == 1, f"{old!r} should occur exactly once in {path}"
    files[path] = text.replace(old, new).encode("utf-8")
    return files


def checked(files: dict[str, bytes]) -> list[str]:
    """Every problem of a package as the command line prints it: 'PATH:LINE: words'."""
    return [line_of(p) for p in validate_package(files)]


def errors_after(path: str, old: str, new: str) -> list[str]:
    """The validation problems of the valid package with one edit applied, as printed."""
    return checked(edit(path, old, new))


def zip_bytes(entries: dict[str, bytes], *, top: str = "", stored: bool = False) -> bytes:
    """An in-memory zip of the given files, optionally inside one top-level folder."""
    buffer = io.BytesIO()
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(buffer, "w", method) as zf:
        for name, data in entries.items():
            zf.writestr(top + name, data)
    return buffer.getvalue()


def zip_with(extra: list[zipfile.ZipInfo | tuple[zipfile.ZipInfo, bytes]]) -> bytes:
    """The valid package zipped, plus hand-made entries (ZipInfo, data)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in valid_files().items():
            zf.writestr(name, data)
        for info, data in extra:
            zf.writestr(info, data)
    return buffer.getvalue()


def entry(name: str, mode: int = stat.S_IFREG | 0o644) -> zipfile.ZipInfo:
    """A ZipInfo made on Unix with the given file mode (for symlinks and device files)."""
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = mode << 16
    return info

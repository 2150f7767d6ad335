"""Read a package from a folder or a zip into memory, refusing hostile archives first."""

from __future__ import annotations

import hashlib
import io
import os
import re
import stat
import zipfile
import zlib
from pathlib import Path

from .errors import PACKAGE, PackageError, Problem, problem
from .words import KIB, MIB, line_of

MODULE_CAP = 256 * KIB  # module.yaml, and any quiz .yaml file
LESSON_CAP = 512 * KIB  # any .md file
MEDIA_CAP = 5 * MIB  # any other file
PACKAGE_CAP = 50 * MIB
MAX_FILES = 500
MAX_RATIO = 100  # a zip entry may expand at most 100 times its compressed size...
RATIO_FLOOR = 1 * KIB  # ...once it is bigger than this (tiny files compress oddly well)

_JUNK_NAMES = {"__MACOSX", "Thumbs.db", "desktop.ini"}
_DRIVE = re.compile(r"^[A-Za-z]:")


def size_cap(path: str) -> tuple[int, str]:
    """The size limit for a file in a package, and what kind of file the limit is for."""
    lower = path.lower()
    if lower.endswith((".yaml", ".yml")):
        return MODULE_CAP, "YAML files"
    if lower.endswith(".md"):
        return LESSON_CAP, "lessons"
    return MEDIA_CAP, "media files"


def path_fault(name: str) -> str | None:
    """The code of why a path may not be used inside a package (absolute, '..', backslash)."""
    if "\\" in name:
        return "path-backslash"
    if name.startswith("/") or _DRIVE.match(name):
        return "path-absolute"
    if ".." in name.split("/"):
        return "path-dotdot"
    if "\0" in name:
        return "path-nul"
    return None


def too_big(path: str, size: int) -> Problem | None:
    """The problem when a file is over its size cap (media-too-big for a picture), or None."""
    cap, kind = size_cap(path)
    if size <= cap:
        return None
    code = "media-too-big" if path.startswith("media/") else "file-too-big"
    return problem(path, None, code, size=size, kind=kind, cap=cap)


def _refuse(problems: list[Problem], in_order: bool = False) -> PackageError:
    """The error for problems found reading a package: their words, sorted, and the data."""
    pairs = [(line_of(p), p) for p in problems]
    if not in_order:
        pairs.sort(key=lambda pair: pair[0])
    return PackageError([words for words, _ in pairs], [p for _, p in pairs])


def _parts(name: str) -> list[str]:
    return [p for p in name.split("/") if p not in ("", ".")]


def _is_junk(parts: list[str]) -> bool:
    return any(p.startswith(".") or p in _JUNK_NAMES for p in parts)


def content_hash(files: dict[str, bytes]) -> str:
    """SHA-256 hex over sorted paths and bytes (path, NUL, 8-byte length, data for each)."""
    digest = hashlib.sha256()
    for path in sorted(files):
        data = files[path]
        digest.update(path.encode("utf-8") + b"\0" + len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


def read_package(source: str | os.PathLike | bytes) -> dict[str, bytes]:
    """Read a package folder, a .zip path, or zip bytes into {relative posix path: bytes}.

    A zip holds the tree at its root or inside one top-level folder, which is stripped. Size
    caps (module.yaml and quiz YAML 256 KiB, lesson 512 KiB, any other file 5 MiB, package
    50 MiB and 500 files) and hostile-archive rules (absolute paths, '..', backslashes,
    symlinks, device files, encrypted entries, duplicates, more than 100:1 compression for
    entries over 1 KiB) are checked from the headers before anything is decompressed; entries
    are then read with a hard cap in case the headers lie. Nothing is written to disk. Hidden
    files and folders (.git, .DS_Store), __MACOSX/, Thumbs.db and desktop.ini are skipped.
    Raises PackageError with every problem found.
    """
    if isinstance(source, (bytes, bytearray, memoryview)):
        return _read_zip(io.BytesIO(bytes(source)), "upload.zip")
    path = Path(source)
    if path.is_dir():
        return _read_folder(path)
    if path.is_file():
        if not zipfile.is_zipfile(path):
            raise _refuse([problem(path.name, None, "not-a-package")])
        with path.open("rb") as fh:
            return _read_zip(fh, path.name)
    raise _refuse([problem(path.name or str(path), None, "no-such-package")])


def _read_zip(fh: io.BufferedIOBase, label: str) -> dict[str, bytes]:
    try:
        zf = zipfile.ZipFile(fh)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise _refuse([problem(label, None, "zip-unreadable", reason=str(exc))]) from None
    with zf:
        errors: list[Problem] = []
        keep: list[tuple[list[str], zipfile.ZipInfo]] = []
        seen: set[str] = set()
        total = 0
        # First pass: judge every entry from its header alone; nothing is decompressed yet.
        for info in zf.infolist():
            name = info.filename
            mode = info.external_attr >> 16
            kind = stat.S_IFMT(mode)
            if kind == stat.S_IFLNK:
                errors.append(problem(name, None, "symlink"))
                continue
            if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
                errors.append(problem(name, None, "special-file"))
                continue
            fault = path_fault(name)
            if fault:
                errors.append(problem(name, None, fault))
                continue
            if info.is_dir() or kind == stat.S_IFDIR:
                continue
            parts = _parts(name)
            if not parts or _is_junk(parts):
                continue
            if info.flag_bits & 0x1:
                errors.append(problem(name, None, "zip-encrypted"))
                continue
            clean = "/".join(parts)
            if clean in seen:
                errors.append(problem(name, None, "zip-duplicate"))
                continue
            seen.add(clean)
            cap, kind_name = size_cap(clean)
            if info.file_size > cap:
                errors.append(problem(name, None, "file-too-big", size=info.file_size,
                                      kind=kind_name, cap=cap))
            elif (
                info.file_size > RATIO_FLOOR
                and info.file_size > MAX_RATIO * max(info.compress_size, 1)
            ):
                errors.append(problem(name, None, "zip-bomb", ratio=MAX_RATIO,
                                      packed=info.compress_size, size=info.file_size))
            total += info.file_size
            keep.append((parts, info))
        errors += totals_problems(len(keep), total)
        if errors:
            raise _refuse(errors)

        # One top-level folder holding everything (as "Compress folder" makes) is stripped.
        tops = {parts[0] for parts, _ in keep if len(parts) > 1}
        strip = (
            len(tops) == 1
            and all(len(parts) > 1 for parts, _ in keep)
            and ["module.yaml"] not in [parts for parts, _ in keep]
        )
        files: dict[str, bytes] = {}
        total = 0
        for parts, info in keep:
            clean = "/".join(parts[1:] if strip else parts)
            cap, _ = size_cap(clean)
            try:
                with zf.open(info) as member:
                    data = member.read(cap + 1)  # a hard cap in case the header lies
            except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError,
                    RuntimeError, OSError, ValueError) as exc:
                errors.append(problem(info.filename, None, "zip-entry-unreadable",
                                      reason=str(exc)))
                continue
            if len(data) != info.file_size:
                errors.append(problem(info.filename, None, "zip-size-mismatch"))
                continue
            total += len(data)
            if total > PACKAGE_CAP:
                errors.append(problem(PACKAGE, None, "package-too-big-while-read",
                                      cap=PACKAGE_CAP))
                break
            files[clean] = data
        if errors:
            raise _refuse(errors)
        return dict(sorted(files.items()))


def totals_problems(count: int, total: int) -> list[Problem]:
    """The problems of a package with too many files or too many bytes in all."""
    found = []
    if count > MAX_FILES:
        found.append(problem(PACKAGE, None, "package-too-many-files", count=count,
                             limit=MAX_FILES))
    if total > PACKAGE_CAP:
        found.append(problem(PACKAGE, None, "package-too-big", size=total, cap=PACKAGE_CAP))
    return found


def _read_folder(root: Path) -> dict[str, bytes]:
    errors: list[Problem] = []
    found: list[tuple[str, Path, int]] = []
    total = 0
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        here = Path(dirpath)
        for d in list(dirnames):
            rel = (here / d).relative_to(root).as_posix()
            if _is_junk([d]):
                dirnames.remove(d)
            elif (here / d).is_symlink():
                errors.append(problem(rel, None, "symlink"))
                dirnames.remove(d)
        for f in filenames:
            if _is_junk([f]):
                continue
            full = here / f
            rel = full.relative_to(root).as_posix()
            st = full.lstat()
            if stat.S_ISLNK(st.st_mode):
                errors.append(problem(rel, None, "symlink"))
                continue
            if not stat.S_ISREG(st.st_mode):
                errors.append(problem(rel, None, "special-file"))
                continue
            fault = path_fault(rel)
            if fault:
                errors.append(problem(rel, None, fault))
                continue
            cap, kind_name = size_cap(rel)
            if st.st_size > cap:
                errors.append(problem(rel, None, "file-too-big", size=st.st_size,
                                      kind=kind_name, cap=cap))
            total += st.st_size
            found.append((rel, full, cap))
    errors += totals_problems(len(found), total)
    if errors:
        raise _refuse(errors)
    files: dict[str, bytes] = {}
    for rel, full, cap in found:
        with full.open("rb") as fh:
            data = fh.read(cap + 1)
        if len(data) > cap:
            errors.append(problem(rel, None, "file-grew"))
            continue
        files[rel] = data
    if errors:
        raise _refuse(errors, in_order=True)
    return dict(sorted(files.items()))

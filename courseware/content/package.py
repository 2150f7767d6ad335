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

from .errors import PACKAGE, PackageError

KIB = 1024
MIB = 1024 * KIB
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


def human_size(n: int) -> str:
    """A byte count as people say it: 512 KiB, 5.2 MiB."""
    if n >= MIB:
        return f"{n / MIB:.1f} MiB".replace(".0 ", " ")
    if n >= KIB:
        return f"{n / KIB:.1f} KiB".replace(".0 ", " ")
    return f"{n} bytes"


def path_problem(name: str) -> str | None:
    """Why a path may not be used inside a package (absolute, '..', backslash), or None."""
    if "\\" in name:
        return "backslashes are not allowed in paths; use / between folders"
    if name.startswith("/") or _DRIVE.match(name):
        return "absolute paths are not allowed; paths are relative to the package"
    if ".." in name.split("/"):
        return "'..' is not allowed in paths inside a package"
    if "\0" in name:
        return "the path contains a NUL character"
    return None


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
            raise PackageError([f"{path.name}: this is not a folder or a .zip file"])
        with path.open("rb") as fh:
            return _read_zip(fh, path.name)
    raise PackageError([f"{path.name or path}: no such folder or .zip file"])


def _read_zip(fh: io.BufferedIOBase, label: str) -> dict[str, bytes]:
    try:
        zf = zipfile.ZipFile(fh)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise PackageError([f"{label}: this is not a readable .zip file ({exc})"]) from None
    with zf:
        errors: list[str] = []
        keep: list[tuple[list[str], zipfile.ZipInfo]] = []
        seen: set[str] = set()
        total = 0
        # First pass: judge every entry from its header alone; nothing is decompressed yet.
        for info in zf.infolist():
            name = info.filename
            mode = info.external_attr >> 16
            kind = stat.S_IFMT(mode)
            if kind == stat.S_IFLNK:
                errors.append(f"{name}: symbolic links are not allowed in a package")
                continue
            if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
                errors.append(f"{name}: device files and other special files are not allowed")
                continue
            problem = path_problem(name)
            if problem:
                errors.append(f"{name}: {problem}")
                continue
            if info.is_dir() or kind == stat.S_IFDIR:
                continue
            parts = _parts(name)
            if not parts or _is_junk(parts):
                continue
            if info.flag_bits & 0x1:
                errors.append(f"{name}: encrypted files are not supported; zip without a password")
                continue
            clean = "/".join(parts)
            if clean in seen:
                errors.append(f"{name}: this file appears twice in the zip")
                continue
            seen.add(clean)
            cap, kind_name = size_cap(clean)
            if info.file_size > cap:
                errors.append(
                    f"{name}: the file is {human_size(info.file_size)}; "
                    f"the limit for {kind_name} is {human_size(cap)}"
                )
            elif (
                info.file_size > RATIO_FLOOR
                and info.file_size > MAX_RATIO * max(info.compress_size, 1)
            ):
                errors.append(
                    f"{name}: compressed more than {MAX_RATIO}:1 "
                    f"({human_size(info.compress_size)} expands to {human_size(info.file_size)}); "
                    "this looks like a zip bomb and was refused"
                )
            total += info.file_size
            keep.append((parts, info))
        _check_totals(errors, len(keep), total)
        if errors:
            raise PackageError(sorted(errors))

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
                errors.append(f"{info.filename}: could not be read from the zip ({exc})")
                continue
            if len(data) != info.file_size:
                errors.append(
                    f"{info.filename}: the file's real size does not match the zip's header; "
                    "the archive is damaged or was made to mislead"
                )
                continue
            total += len(data)
            if total > PACKAGE_CAP:
                errors.append(f"{PACKAGE}: the package is bigger than {human_size(PACKAGE_CAP)}")
                break
            files[clean] = data
        if errors:
            raise PackageError(sorted(errors))
        return dict(sorted(files.items()))


def _check_totals(errors: list[str], count: int, total: int) -> None:
    if count > MAX_FILES:
        errors.append(f"{PACKAGE}: the package has {count} files; the limit is {MAX_FILES}")
    if total > PACKAGE_CAP:
        errors.append(
            f"{PACKAGE}: the package is {human_size(total)}; the limit is {human_size(PACKAGE_CAP)}"
        )


def _read_folder(root: Path) -> dict[str, bytes]:
    errors: list[str] = []
    found: list[tuple[str, Path, int]] = []
    total = 0
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        here = Path(dirpath)
        for d in list(dirnames):
            rel = (here / d).relative_to(root).as_posix()
            if _is_junk([d]):
                dirnames.remove(d)
            elif (here / d).is_symlink():
                errors.append(f"{rel}: symbolic links are not allowed in a package")
                dirnames.remove(d)
        for f in filenames:
            if _is_junk([f]):
                continue
            full = here / f
            rel = full.relative_to(root).as_posix()
            st = full.lstat()
            if stat.S_ISLNK(st.st_mode):
                errors.append(f"{rel}: symbolic links are not allowed in a package")
                continue
            if not stat.S_ISREG(st.st_mode):
                errors.append(f"{rel}: device files and other special files are not allowed")
                continue
            problem = path_problem(rel)
            if problem:
                errors.append(f"{rel}: {problem}")
                continue
            cap, kind_name = size_cap(rel)
            if st.st_size > cap:
                errors.append(
                    f"{rel}: the file is {human_size(st.st_size)}; "
                    f"the limit for {kind_name} is {human_size(cap)}"
                )
            total += st.st_size
            found.append((rel, full, cap))
    _check_totals(errors, len(found), total)
    if errors:
        raise PackageError(sorted(errors))
    files: dict[str, bytes] = {}
    for rel, full, cap in found:
        with full.open("rb") as fh:
            data = fh.read(cap + 1)
        if len(data) > cap:
            errors.append(f"{rel}: the file grew past its limit while being read")
            continue
        files[rel] = data
    if errors:
        raise PackageError(errors)
    return dict(sorted(files.items()))

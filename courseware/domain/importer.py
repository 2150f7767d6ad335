"""Store a built package as an immutable module version in the database."""

import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from sqlalchemy import exists, select

from courseware.content import PackageError, build_module, read_package
from courseware.extensions import db
from courseware.models import MediaFile, Module, ModuleVersion, Step, VersionFile


@dataclass
class ImportResult:
    """What an import did: 'created', 'unchanged'."""

    slug: str
    version: str
    status: str
    module_version: ModuleVersion


def version_key(version: str) -> int:
    """Order MAJOR.MINOR.PATCH numerically as one integer."""
    major, minor, patch = (int(part) for part in version.split("."))
    return major * 1_000_000_000 + minor * 1_000_000 + patch


def store_module(built: dict, files: dict[str, bytes] | None = None) -> ImportResult:
    """Store a built module dict; idempotent for the same id, version and content."""
    module = db.session.scalar(select(Module).where(Module.slug == built["id"]))
    if module is None:
        module = Module(slug=built["id"])
        db.session.add(module)
        db.session.flush()
    existing = db.session.scalar(
        select(ModuleVersion).where(
            ModuleVersion.module_id == module.id, ModuleVersion.version == built["version"]
        )
    )
    if existing is not None:
        if existing.content_hash == built["content_hash"]:
            if files is not None:
                store_files(existing, files)  # versions imported before files were kept
            return ImportResult(module.slug, existing.version, "unchanged", existing)
        raise PackageError(
            [
                f"module.yaml: version {built['version']} of {built['id']} is already imported "
                "with different content. Give the changed package a new version number."
            ]
        )
    version = ModuleVersion(
        module_id=module.id,
        version=built["version"],
        version_key=version_key(built["version"]),
        content_hash=built["content_hash"],
        title=built["title"],
        summary=built["summary"],
        duration_minutes=built["duration_minutes"],
        level=built["level"],
        language=built["language"],
        search_text=" ".join([built["title"], *built.get("tags", [])]).casefold(),
        data={key: value for key, value in built.items() if key not in ("steps", "media")}
        | {"media": built.get("media", {})},
    )
    db.session.add(version)
    db.session.flush()
    for step in step_rows(built):
        step.module_version_id = version.id
        db.session.add(step)
    if files is not None:
        store_media(built, files)
        store_files(version, files)
    current = db.session.get(ModuleVersion, module.current_version_id or 0)
    if current is None or current.version_key < version.version_key:
        module.current_version_id = version.id
    return ImportResult(module.slug, version.version, "created", version)


def step_rows(built: dict) -> list[Step]:
    """The Step rows of a built module, in order, not yet added to a version."""
    rows = []
    for position, step in enumerate(built["steps"], start=1):
        payload = {key: value for key, value in step.items() if key not in ("id", "type", "title")}
        rows.append(
            Step(position=position, key=step["id"], type=step["type"], title=step["title"],
                 data=payload)
        )
    return rows


def store_files(version: ModuleVersion, files: dict[str, bytes]) -> None:
    """Keep the package's own files with the version (once), so that it can be exported."""
    kept = db.session.scalar(
        select(exists().where(VersionFile.module_version_id == version.id))
    )
    if kept:
        return
    for path, data in sorted(files.items()):
        db.session.add(VersionFile(module_version_id=version.id, path=path, data=data))


def store_media(built: dict, files: dict[str, bytes]) -> None:
    """Store each media file once, by the SHA-256 of its bytes."""
    for path, info in built.get("media", {}).items():
        if db.session.get(MediaFile, info["sha256"]) is None:
            db.session.add(
                MediaFile(
                    sha256=info["sha256"],
                    content_type=info["content_type"],
                    data=files[path],
                    size=len(files[path]),
                )
            )


def read_and_build(source) -> tuple[dict[str, bytes], dict]:
    """Read and build one package: pure work, safe to run in another process."""
    files = read_package(source)
    return files, build_module(files)


def build_many(sources: list) -> Iterator[tuple[object, tuple | PackageError]]:
    """Build packages on every core, yielding (source, (files, built) or PackageError) in order."""
    if len(sources) < 4 or (os.cpu_count() or 1) < 2:
        for source in sources:
            try:
                yield source, read_and_build(source)
            except PackageError as error:
                yield source, error
        return
    # forkserver: workers start clean, not as copies of a process holding database connections
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(max_workers=os.cpu_count(), mp_context=context) as pool:
        futures = [pool.submit(read_and_build, source) for source in sources]
        for source, future in zip(sources, futures, strict=True):
            try:
                yield source, future.result()
            except PackageError as error:
                yield source, error

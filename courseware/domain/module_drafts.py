"""Drafts in the database: their files, who may reach them, publishing, and the audit log."""

from __future__ import annotations

import hashlib
import io
import zipfile

from flask import abort
from flask_login import current_user
from sqlalchemy import delete, select, update
from sqlalchemy.orm import load_only

from courseware import clock
from courseware.content import PackageError, build_module
from courseware.content.package_edit import ManifestError, read_manifest, set_version
from courseware.database import about_to_write
from courseware.domain.importer import store_module, version_key
from courseware.extensions import db
from courseware.models import (
    AuditEvent,
    Draft,
    DraftFile,
    Module,
    ModuleVersion,
    User,
    VersionFile,
)


def is_admin(user: User) -> bool:
    """True for administrators, who may reach every draft and module."""
    return user.role == "admin"


def may_manage(user: User, module: Module | None) -> bool:
    """Whether the user may update, retire or export the module: its owner, or an admin."""
    return module is not None and (is_admin(user) or module.owner_id == user.id)


def own_draft(draft_id: int) -> Draft:
    """The draft with this id if the current user may edit it (theirs, or any for admins)."""
    draft = db.session.get(Draft, draft_id)
    if draft is None or not (is_admin(current_user) or draft.owner_id == current_user.id):
        abort(404)
    return draft


def managed_module(module_id: int) -> Module:
    """The module with this id if the current user may manage it, else 404."""
    module = db.session.get(Module, module_id)
    if not may_manage(current_user, module):
        abort(404)
    return module


def managed_version(version_id: int) -> ModuleVersion:
    """The version with this id if the current user may manage its module, else 404."""
    version = db.session.get(ModuleVersion, version_id)
    if version is None or not may_manage(current_user, version.module):
        abort(404)
    return version


def draft_files(draft: Draft) -> tuple[dict[str, bytes], dict[str, int]]:
    """Every file of the draft's package by path, and each file's row id by path."""
    rows = db.session.execute(
        select(DraftFile.id, DraftFile.path, DraftFile.data)
        .where(DraftFile.draft_id == draft.id)
        .order_by(DraftFile.path)
    ).all()
    return {path: bytes(data) for _, path, data in rows}, {path: id_ for id_, path, _ in rows}


def draft_file_list(draft: Draft) -> list[DraftFile]:
    """The draft's files without their bytes, for listing."""
    return list(
        db.session.scalars(
            select(DraftFile)
            .options(load_only(DraftFile.id, DraftFile.path, DraftFile.sha256, DraftFile.size))
            .where(DraftFile.draft_id == draft.id)
            .order_by(DraftFile.path)
        )
    )


def _row(draft: Draft, path: str, data: bytes) -> DraftFile:
    return DraftFile(draft_id=draft.id, path=path, data=data, size=len(data),
                     sha256=hashlib.sha256(data).hexdigest())


def save_files(draft: Draft, old: dict[str, bytes], new: dict[str, bytes]) -> None:
    """Store the draft's new files, touching only those that changed; not committed."""
    removed = [path for path in old if path not in new]
    if removed:
        db.session.execute(
            delete(DraftFile).where(DraftFile.draft_id == draft.id, DraftFile.path.in_(removed))
        )
    for path, data in new.items():
        if path not in old:
            db.session.add(_row(draft, path, data))
        elif old[path] != data:
            db.session.execute(
                update(DraftFile)
                .where(DraftFile.draft_id == draft.id, DraftFile.path == path)
                .values(data=data, size=len(data), sha256=hashlib.sha256(data).hexdigest())
            )
    draft.updated_at = clock.now()
    remember_names(draft, new)


def remember_names(draft: Draft, files: dict[str, bytes]) -> None:
    """Copy module.yaml's id and title onto the draft, for lists."""
    try:
        manifest = read_manifest(files)
    except ManifestError:
        return
    slug, title = manifest.get("id"), manifest.get("title")
    draft.slug = slug[:64] if isinstance(slug, str) else ""
    draft.title = title[:200] if isinstance(title, str) else ""


def create_draft(
    owner: User,
    files: dict[str, bytes],
    module: Module | None = None,
    based_on: ModuleVersion | None = None,
    how: str = "",
) -> Draft:
    """A new draft holding the files; recorded in the audit log. Not committed."""
    draft = Draft(owner_id=owner.id, module_id=module.id if module else None,
                  based_on_id=based_on.id if based_on else None)
    remember_names(draft, files)
    db.session.add(draft)
    db.session.flush()
    for path, data in files.items():
        db.session.add(_row(draft, path, data))
    record("create", owner, module=module, version=based_on,
           slug=draft.slug, detail=how)
    return draft


def delete_draft(draft: Draft) -> None:
    """Remove a draft and its files. Not committed."""
    db.session.execute(delete(DraftFile).where(DraftFile.draft_id == draft.id))
    db.session.delete(draft)


def record(
    action: str,
    user: User,
    module: Module | None = None,
    version: ModuleVersion | None = None,
    slug: str = "",
    detail: str = "",
) -> AuditEvent:
    """Add a line to the audit log. Not committed."""
    about_to_write()  # an export (a GET) is audited too
    event = AuditEvent(
        user_id=user.id,
        action=action,
        module_id=module.id if module else None,
        module_version_id=version.id if version else None,
        module_slug=(module.slug if module else slug)[:64],
        version=version.version if version else "",
        detail=detail[:300],
        at=clock.now(),
    )
    db.session.add(event)
    return event


def latest_version(module: Module | None) -> ModuleVersion | None:
    """The module's highest-numbered version."""
    if module is None:
        return None
    return db.session.scalar(
        select(ModuleVersion)
        .where(ModuleVersion.module_id == module.id)
        .order_by(ModuleVersion.version_key.desc())
        .limit(1)
    )


def module_for_slug(slug: str | None) -> Module | None:
    """The module with this id, if there is one."""
    if not slug:
        return None
    return db.session.scalar(select(Module).where(Module.slug == slug))


def target_module(draft: Draft, files: dict[str, bytes], user: User) -> tuple[Module | None, str]:
    """The module that publishing the draft would add a version to, and a problem or ''."""
    try:
        slug = read_manifest(files).get("id")
    except ManifestError as error:
        return None, "" if error.listed else str(error)  # listed: the validator says it already
    if draft.module_id is not None:
        module = db.session.get(Module, draft.module_id)
        if module is not None and module.slug != slug:
            return module, (f"This draft updates the module “{module.slug}”, so its id must stay "
                            f"{module.slug}. Change the id back in the module's details.")
        return module, ""
    module = module_for_slug(slug if isinstance(slug, str) else None)
    if module is not None and not may_manage(user, module):
        return module, (f"A module with the id “{slug}” already exists and belongs to someone "
                        "else. Choose another id in the module's details.")
    return module, ""


def publish(draft: Draft, files: dict[str, bytes], version: str, note: str, user: User):
    """Publish the draft as an immutable version and remove the draft. Not committed.

    Raises PackageError when the package is not valid or the version exists already.
    """
    module, problem = target_module(draft, files, user)
    if problem:
        raise PackageError([problem])
    latest = latest_version(module)
    if latest is not None and latest.version_key >= version_key(version):
        raise PackageError([f"Version {version} is not newer than the published "
                            f"{latest.version}. Choose a newer number."])
    files = set_version(files, version)
    built = build_module(files)
    result = store_module(built, files)
    if result.status != "created":
        raise PackageError([f"Version {version} of this module is already published."])
    published = result.module_version
    published.change_note = note or None
    published.published_by_id = user.id
    module = db.session.get(Module, published.module_id)
    if module.owner_id is None:  # new, or imported by command: the draft's author takes it on
        module.owner_id = draft.owner_id
    record("publish", user, module=module, version=published, detail=note[:300])
    delete_draft(draft)
    return published


def version_files(version: ModuleVersion) -> dict[str, bytes]:
    """The package files a version was published from (empty for versions from before)."""
    rows = db.session.execute(
        select(VersionFile.path, VersionFile.data)
        .where(VersionFile.module_version_id == version.id)
        .order_by(VersionFile.path)
    )
    return {path: bytes(data) for path, data in rows}


def zip_package(files: dict[str, bytes]) -> bytes:
    """A package's files as a zip at its root, the same bytes for the same files."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(files):
            info = zipfile.ZipInfo(path, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o100644 << 16
            zf.writestr(info, files[path])
    return buffer.getvalue()


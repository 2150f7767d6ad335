"""Drafts in the database: who may reach them, their files and pictures, the trainer's home."""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass

from sqlalchemy import delete, select, update
from sqlalchemy.orm import joinedload, load_only

from courseware import clock
from courseware.content.media import media_problem
from courseware.content.package import MAX_FILES, MEDIA_CAP, PACKAGE_CAP
from courseware.content.package_edit import ManifestError, media_path, read_manifest
from courseware.domain.authoring_audit import log_change
from courseware.extensions import db
from courseware.models import (
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


def own_draft(user: User, draft_id: int) -> Draft | None:
    """The draft with this id if the user may edit it (theirs, or any for admins), else None."""
    draft = db.session.get(Draft, draft_id)
    if draft is None or not (is_admin(user) or draft.owner_id == user.id):
        return None
    return draft


def managed_module(user: User, module_id: int) -> Module | None:
    """The module with this id if the user may manage it, else None."""
    module = db.session.get(Module, module_id)
    return module if may_manage(user, module) else None


def managed_version(user: User, version_id: int) -> ModuleVersion | None:
    """The version with this id if the user may manage its module, else None."""
    version = db.session.get(ModuleVersion, version_id)
    if version is None or not may_manage(user, version.module):
        return None
    return version


def own_draft_of(user: User, module_id: int) -> Draft | None:
    """The user's own draft of a module, if they have one."""
    return db.session.scalar(
        select(Draft).where(Draft.module_id == module_id, Draft.owner_id == user.id).limit(1)
    )


@dataclass
class TrainerArea:
    """What the trainer's home page lists: modules with their versions newest first, each
    module's drafts, and the drafts of new modules (or of modules not listed)."""

    modules: list[Module]
    versions: dict[int, list[ModuleVersion]]
    module_drafts: dict[int, list[Draft]]
    new_drafts: list[Draft]


def trainer_area(user: User) -> TrainerArea:
    """The user's modules and drafts (everyone's, for an admin), in three queries."""
    drafts_query = select(Draft).options(joinedload(Draft.owner)).order_by(
        Draft.updated_at.desc(), Draft.id.desc())
    modules_query = select(Module).order_by(Module.slug)
    if not is_admin(user):
        drafts_query = drafts_query.where(Draft.owner_id == user.id)
        modules_query = modules_query.where(Module.owner_id == user.id)
    drafts = list(db.session.scalars(drafts_query))
    modules = list(db.session.scalars(modules_query))
    versions = db.session.scalars(
        select(ModuleVersion)
        .options(load_only(ModuleVersion.id, ModuleVersion.module_id, ModuleVersion.version,
                           ModuleVersion.title, ModuleVersion.imported_at,
                           ModuleVersion.change_note, ModuleVersion.version_key))
        .where(ModuleVersion.module_id.in_(modules_query.with_only_columns(Module.id)
                                           .order_by(None)))
        .order_by(ModuleVersion.version_key.desc())
    )
    by_module: dict[int, list[ModuleVersion]] = {}
    for version in versions:
        by_module.setdefault(version.module_id, []).append(version)
    drafts_by_module: dict[int, list[Draft]] = {}
    for draft in drafts:
        if draft.module_id is not None:
            drafts_by_module.setdefault(draft.module_id, []).append(draft)
    shown = {m.id for m in modules}
    return TrainerArea(modules, by_module, drafts_by_module,
                       [d for d in drafts if d.module_id is None or d.module_id not in shown])


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
    log_change("create", owner, module=module, version=based_on,
           slug=draft.slug, detail=how)
    return draft


def delete_draft(draft: Draft) -> None:
    """Remove a draft and its files. Not committed."""
    db.session.execute(delete(DraftFile).where(DraftFile.draft_id == draft.id))
    db.session.delete(draft)


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



def draft_picture(draft: Draft, sha256: str) -> bytes | None:
    """The bytes of the draft's picture with this hash, if it is a real, allowed image."""
    item = db.session.scalar(
        select(DraftFile).where(DraftFile.draft_id == draft.id, DraftFile.sha256 == sha256,
                                DraftFile.path.like("media/%")).limit(1)
    )
    if item is None or media_problem(item.path, bytes(item.data)) is not None:
        return None
    return bytes(item.data)


class PictureRefused(Exception):
    """Why a picture cannot go in a package: code 'large' (over MEDIA_CAP), 'unusable' (detail
    says why), 'files' (MAX_FILES reached) or 'package' (the files would pass PACKAGE_CAP)."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(code, detail)
        self.code, self.detail = code, detail


def place_picture(files: dict[str, bytes], filename: str, data: bytes) -> str:
    """Put a picture in the package's media/ (files changes in place) and return its path;
    PictureRefused when the limits or the picture itself stop it."""
    if len(data) > MEDIA_CAP:
        raise PictureRefused("large")
    shas = {p: hashlib.sha256(d).hexdigest() for p, d in files.items() if p.startswith("media/")}
    picture = media_path(filename, hashlib.sha256(data).hexdigest(), files, shas)
    problem = media_problem(picture, data)
    if problem:
        raise PictureRefused("unusable", problem)
    if picture not in files and len(files) >= MAX_FILES:
        raise PictureRefused("files")
    if picture not in files and sum(map(len, files.values())) + len(data) > PACKAGE_CAP:
        raise PictureRefused("package")
    files[picture] = data
    return picture

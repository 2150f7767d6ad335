"""Publishing a draft as a new, immutable version: the module it adds to, and the version policy.

A publish looks up its module and that module's latest version once (a Plan) and builds the
package once; the same Plan and build serve the page and the publishing itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from courseware.content import PackageError, content_hash
from courseware.content.package_edit import (
    ManifestError,
    next_versions,
    parse_version,
    read_manifest,
    set_version,
    shape,
    suggest_bump,
)
from courseware.domain.authoring_audit import log_change
from courseware.domain.catalogue import any_module_by_slug
from courseware.domain.importer import store_module, version_key
from courseware.domain.module_drafts import delete_draft, may_manage
from courseware.extensions import db
from courseware.models import Draft, Module, ModuleVersion, Step, User


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
    module = any_module_by_slug(slug if isinstance(slug, str) else None)
    if module is not None and not may_manage(user, module):
        return module, (f"A module with the id “{slug}” already exists and belongs to someone "
                        "else. Choose another id in the module's details.")
    return module, ""


@dataclass
class Plan:
    """Where a draft would be published: its module, a problem with that (or ''), the latest."""

    module: Module | None
    problem: str
    latest: ModuleVersion | None


def plan(draft: Draft, files: dict[str, bytes], user: User) -> Plan:
    """The draft's target module and that module's latest version, each looked up once."""
    module, problem = target_module(draft, files, user)
    return Plan(module, problem, latest_version(module))


def release_options(latest: ModuleVersion | None, manifest: dict | None) -> dict[str, str]:
    """The version numbers a trainer may choose from, by kind of release; the package's own
    number first when it is newer than the latest and not one of the usual next numbers."""
    options = next_versions(latest.version if latest else None)
    own = manifest.get("version") if manifest else None
    if isinstance(own, str) and parse_version(own) and own not in options.values() and (
        latest is None or version_key(own) > latest.version_key
    ):
        options = {"package": own, **options}
    return options


def release_kind(kind: str, latest: ModuleVersion | None) -> str:
    """The kind of release a choice is: a first version is 'first', not 'major'."""
    return "first" if latest is None and kind == "major" else kind


def suggestion(latest: ModuleVersion | None, built: dict) -> tuple[str, str]:
    """The kind of release the changes since the latest version suggest, and why."""
    if latest is None:
        return suggest_bump(None, {})
    rows = db.session.execute(
        select(Step.key, Step.type, Step.data).where(Step.module_version_id == latest.id)
        .order_by(Step.position)
    )
    old = shape([{"id": key, "type": kind, "questions": data.get("questions")}
                 for key, kind, data in rows])
    return suggest_bump(old, shape(built["steps"]))


def publish(draft: Draft, files: dict[str, bytes], built: dict, version: str, note: str,
            user: User, target: Plan) -> ModuleVersion:
    """Publish the draft (built from files) as an immutable version and remove the draft.
    Not committed.

    Raises PackageError when the target is refused or the version exists already.
    """
    if target.problem:
        raise PackageError([target.problem])
    latest = target.latest
    if latest is not None and latest.version_key >= version_key(version):
        raise PackageError([f"Version {version} is not newer than the published "
                            f"{latest.version}. Choose a newer number."])
    files = set_version(files, version)  # only the number changes, so the build stands
    built = {**built, "version": version, "content_hash": content_hash(files)}
    result = store_module(built, files)
    if result.status != "created":
        raise PackageError([f"Version {version} of this module is already published."])
    published = result.module_version
    published.change_note = note or None
    published.published_by_id = user.id
    module = db.session.get(Module, published.module_id)
    if module.owner_id is None:  # new, or imported by command: the draft's author takes it on
        module.owner_id = draft.owner_id
    log_change("publish", user, module=module, version=published, detail=note[:300])
    delete_draft(draft)
    return published

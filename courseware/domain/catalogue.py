"""Finding modules: those to show in the catalogue, and one by its id."""

from dataclasses import dataclass

from sqlalchemy import select

from courseware.extensions import db
from courseware.models import Module, ModuleVersion

MAX_QUERY = 100


@dataclass(frozen=True)
class Card:
    """What the catalogue shows of a module: its current version's title and particulars."""

    slug: str
    title: str
    summary: str
    duration_minutes: int
    level: str
    tags: list[str]


def published_version_ids(query: str = "") -> list[int]:
    """The current version of every module not retired, matching the search words, by title."""
    statement = (
        select(ModuleVersion.id)
        .join(Module, Module.current_version_id == ModuleVersion.id)
        .where(Module.retired_at.is_(None))
        .order_by(ModuleVersion.title)
    )
    for word in query.casefold().split()[:10]:
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        statement = statement.where(ModuleVersion.search_text.like(f"%{escaped}%", escape="\\"))
    return list(db.session.scalars(statement))


def cards(version_ids: list[int]) -> dict[int, Card]:
    """The cards of these module versions, by version id (one query)."""
    rows = db.session.execute(
        select(ModuleVersion.id, Module.slug, ModuleVersion.title, ModuleVersion.summary,
               ModuleVersion.duration_minutes, ModuleVersion.level, ModuleVersion.data)
        .join(Module, Module.id == ModuleVersion.module_id)
        .where(ModuleVersion.id.in_(version_ids))
    )
    return {row.id: Card(*row[1:6], row.data.get("tags", [])) for row in rows}


def published_module_by_slug(slug: str) -> Module | None:
    """The module with this id if it has a published version (retired or not)."""
    return db.session.scalar(
        select(Module).where(Module.slug == slug, Module.current_version_id.is_not(None))
    )


def any_module_by_slug(slug: str | None) -> Module | None:
    """The module with this id, published or not, if there is one."""
    if not slug:
        return None
    return db.session.scalar(select(Module).where(Module.slug == slug))

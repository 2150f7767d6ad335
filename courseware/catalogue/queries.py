"""Finding modules to show in the catalogue."""

from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from courseware.extensions import db
from courseware.models import Module, ModuleVersion

MAX_QUERY = 100


def published_modules(query: str = "") -> list[ModuleVersion]:
    """The current version of every module not retired, matching the search words, by title."""
    statement = (
        select(ModuleVersion)
        .join(Module, Module.current_version_id == ModuleVersion.id)
        .options(contains_eager(ModuleVersion.module))
        .where(Module.retired_at.is_(None))
        .order_by(ModuleVersion.title)
    )
    for word in query.casefold().split()[:10]:
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        statement = statement.where(ModuleVersion.search_text.like(f"%{escaped}%", escape="\\"))
    return list(db.session.scalars(statement))


def module_by_slug(slug: str) -> Module | None:
    """The module with this id, if it is in the catalogue."""
    return db.session.scalar(
        select(Module).where(Module.slug == slug, Module.current_version_id.is_not(None))
    )

"""The authoring audit log: who created, published, retired, exported or deleted what, and when."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from courseware import clock
from courseware.database import about_to_write
from courseware.extensions import db
from courseware.models import AuditEvent, Module, ModuleVersion, User


def log_change(
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


def audit_page(page: int, size: int) -> tuple[list[AuditEvent], bool]:
    """One page of the audit log, newest first, and whether there is a page after it."""
    events = list(
        db.session.scalars(
            select(AuditEvent)
            .options(joinedload(AuditEvent.user))
            .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
            .offset((page - 1) * size)
            .limit(size + 1)
        )
    )
    return events[:size], len(events) > size

"""Catalogue views: the list of modules and a module's own page."""

from flask import abort, current_app, render_template, request
from flask_login import current_user
from markupsafe import Markup

from courseware.catalogue import bp
from courseware.domain.catalogue import (
    MAX_QUERY,
    cards,
    published_module_by_slug,
    published_version_ids,
)
from courseware.domain.progress import completed_step_ids, latest_enrolment
from courseware.extensions import db
from courseware.links import address_maker
from courseware.models import ModuleVersion
from courseware.security import ANYONE, role

MAX_KEPT_CARDS = 2000


@bp.route("/")
@role(ANYONE)
def index():
    """Published modules, with a search by title or tag."""
    query = request.args.get("q", "")[:MAX_QUERY].strip()
    return render_template(
        "catalogue/index.html", modules=card_html(published_version_ids(query)), query=query
    )


def card_html(version_ids: list[int]) -> list[Markup]:
    """Each version's catalogue card, rendered once per app: a published version never changes
    and its card is the same for everyone (kept by mount point, for the link in it)."""
    kept = current_app.extensions.setdefault("courseware.cards", {})
    root = request.script_root
    missing = [vid for vid in version_ids if (root, vid) not in kept]
    if missing:
        address = address_maker("catalogue.module", "slug")
        made = {
            # The output of an autoescaped template: every value in it is escaped already.
            (root, vid): Markup(render_template(  # noqa: S704
                "catalogue/_card.html", card=card, url=address(card.slug)))
            for vid, card in cards(missing).items()
        }
        if len(kept) + len(made) > MAX_KEPT_CARDS:
            kept.clear()
        kept.update(made)
    return [kept[(root, vid)] for vid in version_ids]


@bp.route("/modules/<slug>")
@role(ANYONE)
def module(slug: str):
    """A module's outcomes and steps, with Start or Continue."""
    item = published_module_by_slug(slug)
    if item is None or (item.retired_at is not None and not current_user.is_authenticated):
        abort(404)
    enrolment = done = None
    if current_user.is_authenticated:
        enrolment = latest_enrolment(current_user, item)
        if enrolment is not None:
            done = completed_step_ids(enrolment)
    version = enrolment.module_version if enrolment else db.session.get(
        ModuleVersion, item.current_version_id
    )
    return render_template(
        "catalogue/module.html",
        module=item,
        version=version,
        current=item.current_version,
        enrolment=enrolment,
        done=done or set(),
    )

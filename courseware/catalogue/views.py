"""Catalogue views: the list of modules and a module's own page."""

from flask import abort, render_template, request
from flask_login import current_user

from courseware.catalogue import bp
from courseware.catalogue.queries import MAX_QUERY, module_by_slug, published_modules
from courseware.extensions import db
from courseware.learn.progress import completed_step_ids, latest_enrolment
from courseware.links import address_maker
from courseware.models import ModuleVersion
from courseware.security import ANYONE, role


@bp.route("/")
@role(ANYONE)
def index():
    """Published modules, with a search by title or tag."""
    query = request.args.get("q", "")[:MAX_QUERY].strip()
    return render_template(
        "catalogue/index.html", modules=published_modules(query), query=query,
        module_url=address_maker("catalogue.module", "slug"),
    )


@bp.route("/modules/<slug>")
@role(ANYONE)
def module(slug: str):
    """A module's outcomes and steps, with Start or Continue."""
    item = module_by_slug(slug)
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

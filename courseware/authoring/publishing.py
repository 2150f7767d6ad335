"""Publishing a draft as a new version, and retiring or restoring a published module."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy.exc import IntegrityError
from wtforms.fields.choices import SelectChoice

from courseware import clock
from courseware.authoring import bp
from courseware.authoring.editing import editing, problem_links
from courseware.authoring.forms import PublishForm
from courseware.authoring.pages import button_pressed, invalid_post, or_404
from courseware.content import PackageError, build_module
from courseware.content.package_edit import clean_text
from courseware.content.words import line_of
from courseware.domain import publishing
from courseware.domain.authoring_audit import log_change
from courseware.domain.module_drafts import managed_module
from courseware.extensions import db
from courseware.security import role

RELEASES = {
    "patch": "a small fix: wording, spelling or pictures",
    "minor": "new material: steps or questions added",
    "major": "a big change: steps or questions taken out, or a rewrite",
    "package": "the number written in the package you uploaded",
    "first": "the first version",
}
OWN_NUMBER = ("The package you uploaded has its own version number, so it is chosen; publishing "
              "with it keeps the package exactly as it is.")


@bp.route("/drafts/<int:draft_id>/publish", methods=["GET", "POST"])
@role("trainer")
def publish_draft(draft_id: int):
    """Publish the draft as a new, immutable version, with a note of what changed."""
    ed = editing(draft_id)
    plan = publishing.plan(ed.draft, ed.files, current_user)  # the module and latest, once
    problems = problem_links(ed, ed.problems)
    if plan.problem:
        problems.append((url_for("authoring.details", draft_id=draft_id) + "#module_id",
                         plan.problem))
    if problems:
        return render_template("authoring/publish.html", ed=ed, problems=problems, form=None)
    latest = plan.latest
    options = publishing.release_options(latest, ed.manifest)
    built = build_module(ed.files)  # once: for the suggestion and for publishing
    suggested, reason = publishing.suggestion(latest, built)
    if "package" in options:
        suggested = "package"
    elif suggested not in options:
        suggested = next(iter(options))
    note = "" if latest else "The first version."
    form = PublishForm(data={"release": suggested, "note": note})
    form.release.choices = [
        SelectChoice(kind, f"{number}: {RELEASES[publishing.release_kind(kind, latest)]}")
        for kind, number in options.items()
    ]
    errors: list[tuple[str, str]] = []
    if form.validate_on_submit():
        version = options[form.release.data]
        try:
            published = publishing.publish(ed.draft, ed.files, built, version,
                                           clean_text(form.note.data), current_user, plan)
            db.session.commit()
        except (PackageError, IntegrityError) as error:
            db.session.rollback()
            messages = [line_of(e) for e in error.errors] if isinstance(error, PackageError) else [
                "Someone published this module at the same moment. Reload the page and "
                "choose the next number."]
            errors = [("release", m) for m in messages]
        else:
            flash(f"Version {published.version} of “{published.title}” is published. New "
                  "starters get it; learners part-way through keep the version they started.",
                  "success")
            return redirect(url_for("authoring.home") + f"#module-{published.module_id}")
    invalid_post(form)
    return render_template(
        "authoring/publish.html", ed=ed, form=form, problems=[], errors=errors, latest=latest,
        module=plan.module, reason=reason if suggested != "package" else OWN_NUMBER,
    ), (422 if form.errors or errors else 200)


@bp.route("/modules/<int:module_id>/retire", methods=["POST"])
@role("trainer")
def retire(module_id: int):
    """Take a module out of the catalogue; learners' records and certificates stay."""
    button_pressed()
    module = or_404(managed_module(current_user, module_id))
    if module.retired_at is None:
        module.retired_at = clock.now()
        log_change("retire", current_user, module=module, version=module.current_version)
        db.session.commit()
    flash(f"“{module.slug}” is retired: it is no longer in the catalogue. Learners' records "
          "and certificates stay, and anyone part-way through can still finish it.", "success")
    return redirect(url_for("authoring.home") + f"#module-{module.id}")


@bp.route("/modules/<int:module_id>/restore", methods=["POST"])
@role("trainer")
def restore(module_id: int):
    """Put a retired module back in the catalogue."""
    button_pressed()
    module = or_404(managed_module(current_user, module_id))
    if module.retired_at is not None:
        module.retired_at = None
        log_change("restore", current_user, module=module, version=module.current_version)
        db.session.commit()
    flash(f"“{module.slug}” is back in the catalogue.", "success")
    return redirect(url_for("authoring.home") + f"#module-{module.id}")

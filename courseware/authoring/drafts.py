"""The trainer's area and whole drafts: start one, its details, delete it, export a version,
and the audit log."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from courseware.authoring import bp
from courseware.authoring.editing import editing, problem_links
from courseware.authoring.forms import ButtonForm, ModuleForm, NewDraftForm, NewModuleForm
from courseware.authoring.pages import (
    ask_first,
    at_draft,
    button_pressed,
    confirmed,
    draft_page,
    follow,
    or_404,
    unreadable,
)
from courseware.content.package_edit import details_of, new_package, set_details, with_manifest
from courseware.domain.authoring_audit import audit_page, log_change
from courseware.domain.module_drafts import (
    create_draft,
    delete_draft,
    is_admin,
    managed_version,
    own_draft_of,
    trainer_area,
    version_files,
    zip_package,
)
from courseware.extensions import db
from courseware.numbers import page_of
from courseware.security import role
from courseware.submissions import Outcome, once

AUDIT_PAGE = 50


@bp.route("/")
@role("trainer")
def home():
    """The trainer's modules with each version's state, and their drafts."""
    area = trainer_area(current_user)
    return render_template(
        "authoring/home.html",
        modules=area.modules,
        versions=area.versions,
        module_drafts=area.module_drafts,
        new_drafts=area.new_drafts,
        admin=is_admin(current_user),
        button=ButtonForm(),
        new_draft=NewDraftForm(),
    )


@bp.route("/new", methods=["GET", "POST"])
@role("trainer")
def new_module():
    """Start a new module: its details first, then its steps."""
    form = NewModuleForm(data={"certificate_enabled": True, "level": "beginner"})
    form.author = current_user
    if form.validate_on_submit():
        data = dict(form.data)
        data["module_id"] = form.chosen_id()

        def make() -> Outcome:
            draft = create_draft(current_user, new_package(data), how="new module")
            return at_draft(draft, "Your new module is saved as a draft. Now add its steps.")

        return follow(once(form.submission.data, current_user.id, make))  # a double click: one
    return render_template("authoring/details.html", form=form, ed=None, new=True)


@bp.route("/drafts/<int:draft_id>")
@role("trainer")
def draft(draft_id: int):
    """A draft: its steps in order, what is wrong with it, and what to do next."""
    return draft_page(editing(draft_id))


@bp.route("/drafts/<int:draft_id>/details", methods=["GET", "POST"])
@role("trainer")
def details(draft_id: int):
    """The module's details: title, summary, time, level, outcomes, pass mark, certificate."""
    ed = editing(draft_id)
    if ed.manifest is None:
        return unreadable(ed)
    form = ModuleForm(data=details_of(ed.manifest))
    form.author, form.draft, form.kept_id = current_user, ed.draft, ed.manifest.get("id")
    fixed_id = ed.draft.module_id is not None
    if fixed_id and request.method == "POST":
        form.module_id.data = ed.manifest.get("id")
    problems = [p for p in ed.problems if p.about_module]
    if form.validate_on_submit():
        data = dict(form.data)
        data["module_id"] = form.chosen_id()
        ed.save(with_manifest(ed.files, set_details(ed.manifest, data)))
        db.session.commit()
        flash("The module's details are saved.", "success")
        return redirect(url_for("authoring.draft", draft_id=draft_id))
    warnings = [p for p in ed.warnings if p.about_module]
    return render_template("authoring/details.html", form=form, ed=ed, new=False,
                           fixed_id=fixed_id, problems=problem_links(ed, problems, local="module"),
                           warnings=problem_links(ed, warnings, local="module"))


@bp.route("/drafts/<int:draft_id>/delete", methods=["POST"])
@role("trainer")
def delete(draft_id: int):
    """Throw a draft away, after asking."""
    button_pressed()
    ed = editing(draft_id)
    if not confirmed():
        return ask_first(
            ed, f"Delete the draft “{ed.draft.title or ed.draft.slug}”?",
            "Everything in this draft will be gone. Published versions are not changed.",
            "Yes, delete this draft", url_for("authoring.draft", draft_id=draft_id))
    log_change("delete", current_user, module=ed.draft.module, slug=ed.draft.slug,
               detail="deleted a draft")
    delete_draft(ed.draft)
    db.session.commit()
    flash("The draft is deleted.", "success")
    return redirect(url_for("authoring.home"))


@bp.route("/versions/<int:version_id>/draft", methods=["POST"])
@role("trainer")
def draft_from_version(version_id: int):
    """Start a new draft from a published version's files; pressed twice, still one draft."""
    version = or_404(managed_version(current_user, version_id))
    back = url_for("authoring.home") + f"#module-{version.module_id}"
    form = NewDraftForm()
    if not form.validate_on_submit():
        if form.csrf_token.errors:
            abort(400)
        flash(" ".join(form.submission.errors), "warning")
        return redirect(back)

    def make() -> Outcome:
        mine = own_draft_of(current_user, version.module_id)
        if mine is not None:
            return at_draft(mine, "You already have a draft of this module. Carry on with it, "
                            "or delete it first.", "info")
        package = version_files(version)
        if not package:
            return Outcome(back, "The files of this version were not kept when it was imported, "
                           "so a draft cannot start from it. Ask an administrator to import its "
                           "package again.", "warning")
        new = create_draft(current_user, package, module=version.module, based_on=version,
                           how=f"from version {version.version}")
        return at_draft(new, f"A new draft is started from version {version.version}. Your "
                        "changes stay here until you publish them.")

    return follow(once(form.submission.data, current_user.id, make))


@bp.route("/versions/<int:version_id>/export")
@role("trainer")
def export(version_id: int):
    """Download a version's package as a zip, exactly as it was published."""
    version = or_404(managed_version(current_user, version_id))
    package = version_files(version)
    if not package:
        flash("The files of this version were not kept when it was imported, so it cannot be "
              "exported. Ask an administrator to import its package again.", "warning")
        return redirect(url_for("authoring.home") + f"#module-{version.module_id}")
    log_change("export", current_user, module=version.module, version=version)
    db.session.commit()
    name = f"{version.module.slug}-{version.version}.zip"
    return Response(zip_package(package), mimetype="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.route("/audit")
@role("admin")
def audit():
    """Who created, published, retired or exported what, and when: newest first."""
    page = page_of(request.args)
    events, more = audit_page(page, AUDIT_PAGE)
    return render_template("authoring/audit.html", events=events, page=page, more=more)

"""Certificate views: a learner's own certificates, the public check, JWKS and revocation."""

import io

from flask import (
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from sqlalchemy import select

from courseware.certificates import bp, deployment
from courseware.certificates.credential import iso
from courseware.certificates.forms import CodeForm, RenewForm, RevokeForm
from courseware.certificates.revocation import can_revoke, revoke
from courseware.domain.certificate_codes import InvalidCode, parse_code
from courseware.domain.certificates import (
    DELETED,
    EXPIRED,
    REVOKED,
    STATUS_LABELS,
    by_code,
    certificate_for_enrolment,
    holder_status,
    issue_certificate,
    learner_certificates,
    status,
)
from courseware.domain.progress import enrol
from courseware.domain.steps import own_enrolment
from courseware.errors import render_error, too_many_tries_text
from courseware.extensions import db, limiter
from courseware.models import Certificate, Step
from courseware.security import ANYONE, SIGNED_IN, role
from courseware.submissions import Outcome, once

DEFAULT_VERIFY_LIMIT = "30 per minute; 300 per hour"


def verify_limit() -> str:
    return current_app.config.get("CERTIFICATE_VERIFY_LIMIT", DEFAULT_VERIFY_LIMIT)


# One budget per address for every lookup by code, so codes cannot be enumerated.
verify_lookups = limiter.shared_limit(verify_limit, scope="certificate-verify")
# Making a PDF takes a tenth of a second or more: enough for a person, not for a flood.
pdf_downloads = limiter.limit(
    lambda: current_app.config.get("CERTIFICATE_PDF_LIMIT", "20 per minute"))


@bp.errorhandler(429)
def too_many_lookups(error):
    """A rate-limited JSON lookup answers in JSON; the rest get the usual friendly page."""
    if request.path.endswith(".json"):
        return jsonify(status="rate-limited",
                       error=too_many_tries_text("Too many lookups.")), 429
    return render_error(429)


def own_certificate(certificate_id: int) -> Certificate:
    """The current user's certificate with this id, or 404 for anyone else's."""
    cert = db.session.scalar(
        select(Certificate).where(
            Certificate.id == certificate_id, Certificate.user_id == current_user.id
        )
    )
    if cert is None:
        abort(404)
    return cert


@bp.route("/my-certificates")
@role(SIGNED_IN)
def mine():
    """Every certificate the learner holds, with its status."""
    rows, newer_for = [], set()
    for cert in learner_certificates(current_user.id):  # newest first
        state = status(cert)
        rows.append((cert, state, state == EXPIRED and cert.module_id not in newer_for))
        newer_for.add(cert.module_id)
    return render_template("certificates/mine.html", rows=rows, labels=STATUS_LABELS)


@bp.route("/learn/<int:enrolment_id>/certificate")
@role(SIGNED_IN)
def for_enrolment(enrolment_id: int):
    """Go to a completed enrolment's certificate, issuing it now if it predates certificates."""
    enrolment = own_enrolment(current_user.id, enrolment_id)
    if enrolment is None:
        abort(404)
    cert = certificate_for_enrolment(enrolment)
    if cert is None:
        cert = issue_certificate(enrolment)
        if cert is None:
            abort(404)
        db.session.commit()
    return redirect(url_for("certificates.show", certificate_id=cert.id))


@bp.route("/certificates/<int:certificate_id>")
@role(SIGNED_IN)
def show(certificate_id: int):
    """The certificate as a page to read, print or download."""
    cert = own_certificate(certificate_id)
    steps = {
        key: title
        for key, title in db.session.execute(
            select(Step.key, Step.title).where(Step.module_version_id == cert.module_version_id)
        )
    }
    newer = db.session.scalar(
        select(Certificate)
        .where(
            Certificate.user_id == cert.user_id,
            Certificate.module_id == cert.module_id,
            Certificate.issued_at > cert.issued_at,
        )
        .order_by(Certificate.issued_at.desc())
        .limit(1)
    )
    return render_template(
        "certificates/show.html",
        cert=cert,
        status=status(cert),
        labels=STATUS_LABELS,
        scores=[(steps.get(key, key), score) for key, score in cert.best_scores.items()],
        newer=newer,
        renew=RenewForm(),
        verify_url=deployment.verify_url(cert.code),
    )


def download_name(cert: Certificate, extension: str) -> str:
    return f"certificate-{cert.module_slug}-{cert.code}.{extension}"


def revoked_page(cert: Certificate):
    """410 Gone: a revoked certificate's documents are no longer given out; this says why."""
    return render_template("certificates/revoked.html", cert=cert), 410


@bp.route("/certificates/<int:certificate_id>/certificate.pdf")
@role(SIGNED_IN)
@pdf_downloads
def pdf(certificate_id: int):
    """The certificate as an A4 PDF with a QR code to the verification page."""
    cert = own_certificate(certificate_id)
    if status(cert) == REVOKED:
        return revoked_page(cert)
    response = Response(deployment.certificate_pdf(cert), mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{download_name(cert, "pdf")}"'
    return response


@bp.route("/certificates/<int:certificate_id>/credential.jwt")
@role(SIGNED_IN)
def credential(certificate_id: int):
    """The certificate as a signed Open Badges 3.0 credential (VC-JWT)."""
    cert = own_certificate(certificate_id)
    if status(cert) == REVOKED:
        return revoked_page(cert)
    response = Response(deployment.signed_credential(cert), mimetype="application/vc+jwt")
    response.headers["Content-Disposition"] = f'attachment; filename="{download_name(cert, "jwt")}"'
    return response


@bp.route("/certificates/<int:certificate_id>/renew", methods=["POST"])
@role(SIGNED_IN)
def renew(certificate_id: int):
    """Take the module again to renew an expired certificate."""
    cert = own_certificate(certificate_id)
    module = cert.module
    if status(cert) != EXPIRED:
        flash("This certificate has not expired, so it does not need renewing.", "info")
        return redirect(url_for("certificates.show", certificate_id=cert.id))
    if module.retired_at is not None or module.current_version_id is None:
        flash("This module is no longer offered, so this certificate cannot be renewed. "
              "Choose another module to keep your learning up to date.", "warning")
        return redirect(url_for("certificates.show", certificate_id=cert.id))
    form = RenewForm()
    if not form.validate_on_submit():
        if form.csrf_token.errors:
            abort(400)
        flash(" ".join(form.submission.errors), "warning")
        return redirect(url_for("certificates.show", certificate_id=cert.id))

    def make() -> Outcome:
        enrolment = enrol(current_user, module, again=True)
        return Outcome(url_for("learn.resume", enrolment_id=enrolment.id))

    outcome = once(form.submission.data, current_user.id, make)  # pressed twice: one enrolment
    return redirect(outcome.url)


@bp.route("/verify")
@role(ANYONE)
def check():
    """The public form to type a certificate's code in."""
    form = CodeForm(request.args)
    if "code" not in request.args:
        return render_template("certificates/check.html", form=form)
    if not form.validate():
        return render_template("certificates/check.html", form=form), 400
    return redirect(url_for("certificates.verify", code=form.canonical))


def public_answer(cert: Certificate | None, code: str) -> dict:
    """What anyone may know about a certificate: the same for the page and for JSON.

    When the holder has changed their name since, it says so but not the new name: a name can
    change for reasons that are nobody else's business (marriage, divorce, transition), and a
    checker needs only to know that the name on the certificate is the one it was issued to.
    When the holder has deleted their account, the name is gone; the rest stays true.
    """
    if cert is None:
        return {"code": code, "status": "unknown"}
    holder = holder_status(cert)
    return {
        "code": cert.code,
        "status": status(cert),
        "verification_url": deployment.verify_url(cert.code),
        "learner_name": None if holder == DELETED else cert.learner_name,
        "holder": holder,
        "module": {
            "id": cert.module_slug,
            "title": cert.module_title,
            "version": cert.module_version_label,
            "content_hash": cert.content_hash,
        },
        "cpd_minutes": cert.cpd_minutes,
        "completed_at": iso(cert.completed_at),
        "issued_at": iso(cert.issued_at),
        "expires_at": iso(cert.expires_at) if cert.expires_at else None,
        "revoked_at": iso(cert.revoked_at) if cert.revoked_at else None,
    }


def lookup(code: str, endpoint: str):
    """Parse a code from a URL and find its certificate, or the response to send instead."""
    try:
        canonical = parse_code(code)
    except InvalidCode as error:
        return None, None, str(error)
    if canonical != code:
        return None, redirect(url_for(endpoint, code=canonical), 301), None
    return by_code(canonical), None, None


@bp.route("/verify/<code>")
@role(ANYONE)
@verify_lookups
def verify(code: str):
    """The public verification page: valid, expired, revoked or unknown, without an account."""
    if request.accept_mimetypes.best == "application/json":
        return verify_json(code)
    cert, response, problem = lookup(code, "certificates.verify")
    if response is not None:
        return response
    if problem:
        form = CodeForm(data={"code": code})
        form.code.errors = [problem]
        return render_template("certificates/check.html", form=form), 400
    answer = public_answer(cert, code)
    return render_template(
        "certificates/verify.html",
        cert=cert,
        answer=answer,
        labels=STATUS_LABELS,
        may_revoke=cert is not None and can_revoke(current_user, cert),
        form=CodeForm(formdata=None),
    ), (200 if cert else 404)


@bp.route("/verify/<code>.json")
@role(ANYONE)
@verify_lookups
def verify_json(code: str):
    """The public verification answer as JSON for machines."""
    cert, response, problem = lookup(code, "certificates.verify_json")
    if response is not None:
        return response
    if problem:
        return jsonify(code=code, status="invalid-code", error=problem), 400
    return jsonify(public_answer(cert, code)), (200 if cert else 404)


@bp.route("/verify/<code>/qr.svg")
@role(ANYONE)
def qr(code: str):
    """A QR code that opens the verification page (no lookup: the code is only drawn)."""
    import segno  # loaded when a QR code is asked for

    try:
        canonical = parse_code(code)
    except InvalidCode:
        abort(404)
    svg = io.BytesIO()
    segno.make(deployment.verify_url(canonical), error="m").save(
        svg, kind="svg", scale=4, title="QR code for the page that checks this certificate"
    )
    response = Response(svg.getvalue(), mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response


@bp.route("/.well-known/jwks.json")
@role(ANYONE)
def jwks():
    """The public keys that check this server's signed credentials."""
    response = jsonify(deployment.published_jwks())
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


@bp.route("/credentials/status/revocation")
@role(ANYONE)
def status_list():
    """The public revocation list (a signed Bitstring Status List), as it stands now."""
    response = Response(deployment.signed_status_list(), mimetype="application/vc+jwt")
    response.headers["Cache-Control"] = "public, no-cache"  # verifiers ask again every time
    response.add_etag()
    return response.make_conditional(request)


@bp.route("/certificates/<int:certificate_id>/revoke", methods=["GET", "POST"])
@role("manager")
def revoke_certificate(certificate_id: int):
    """Revoke a certificate, with a reason (admins; managers for the learners in their teams)."""
    cert = db.session.get(Certificate, certificate_id)
    if cert is None or not can_revoke(current_user, cert):
        abort(404)
    form = RevokeForm()
    if cert.revoked_at is None and form.validate_on_submit():
        revoke(cert, current_user, form.reason.data)
        db.session.commit()
        flash(f"The certificate {cert.code} is revoked. Anyone who checks it now sees that.",
              "success")
        return redirect(url_for("certificates.verify", code=cert.code))
    return render_template("certificates/revoke.html", cert=cert, form=form)

"""Reading the CPD record: the year at a glance, the record as a PDF or CSV, my data."""

from __future__ import annotations

import io

from flask import (
    Response,
    current_app,
    render_template,
    request,
    send_file,
    stream_with_context,
)
from flask_login import current_user

from courseware import clock
from courseware.cpd import bp
from courseware.cpd import export as exporting
from courseware.cpd.entries import TYPES, attachments_of, entries_of
from courseware.cpd.record_years import entry_facts, years_shown
from courseware.cpd.standards import framework
from courseware.domain.cpd_year import (
    Year,
    just_ended,
    panel,
    rules,
    show_year_before,
    to_do,
    year_before,
    year_ending,
    year_of,
    year_phrase,
)
from courseware.models import CpdAttachment, CpdEntry
from courseware.numbers import whole_number
from courseware.pdf_fonts import Fonts
from courseware.security import SIGNED_IN, role


@bp.route("/cpd")
@role(SIGNED_IN)
def record():
    """The record: the year at a glance, drafts to finish, and the entries of a year."""
    entries = entries_of(current_user.id)
    the_rules, now = rules(), clock.today()
    facts = entry_facts(entries)
    summary = panel(facts, now, the_rules)
    current = summary.year
    before = panel(facts, now, the_rules, year_before(current, the_rules))
    phrase = year_phrase(before.year, now)
    years = years_shown(entries, current, the_rules)
    shown = current
    asked = whole_number(request.args.get("year"))
    if asked in years:
        shown = year_ending(asked, the_rules)
    return render_template(
        "cpd/record.html",
        panel=summary,
        to_do=to_do(summary),
        before=before if show_year_before(before, now) else None,
        before_heading=phrase[0].upper() + phrase[1:],
        before_just_ended=just_ended(before, now),
        drafts=[e for e in entries if e.is_draft],
        entries=[e for e in entries if not e.is_draft and e.activity_date in shown],
        shown=shown,
        years=years,
        types=TYPES,
    )


def _period() -> tuple[Year | None, str, str]:
    """The period asked for: ?year=2026 (the year ending then) or ?year=all."""
    asked = request.args.get("year", "")
    if asked == "all":
        return None, "all", "All entries"
    the_rules = rules()
    ending = whole_number(asked, low=1991, high=2999)
    year = year_ending(ending, the_rules) if ending else year_of(clock.today(), the_rules)
    return year, str(year.end.year), f"Registration year {year.label}"


def _chosen() -> tuple[str, str, list[CpdEntry], dict[int, list[CpdAttachment]]]:
    """For an export of the period asked for: its name in the file name and in words, the
    signed-in person's entries in it, and their files."""
    year, slug, period = _period()
    chosen = exporting.in_period(entries_of(current_user.id), year)
    return slug, period, chosen, attachments_of([e.id for e in chosen])


@bp.route("/cpd/export.pdf")
@role(SIGNED_IN)
def export_pdf():
    """The record for a year, or all of it, as a PDF to keep or show an assessor."""
    from courseware.cpd.record_pdf import record_pdf  # fpdf2 loads when a PDF is asked for

    slug, period, chosen, files = _chosen()
    data = record_pdf(current_user, chosen, files, framework(), period, clock.today(), _fonts())
    return send_file(io.BytesIO(data), mimetype="application/pdf", as_attachment=True,
                     download_name=f"cpd-record-{slug}.pdf", max_age=0)


def _fonts() -> Fonts:
    """The certificate's fonts (CERTIFICATE_FONTS), or DejaVu Sans from CPD_PDF_FONT_DIR."""
    folder = current_app.config.get("CPD_PDF_FONT_DIR")
    if folder:
        return Fonts.in_folder(folder)
    return Fonts.from_config(current_app.config.get("CERTIFICATE_FONTS"))


@bp.route("/cpd/export.csv")
@role(SIGNED_IN)
def export_csv():
    """The record for a year, or all of it, as a spreadsheet (CSV), sent as it is written."""
    slug, _, chosen, files = _chosen()
    lines = exporting.csv_lines(chosen, framework(), files, clock.timezone())
    response = Response(stream_with_context(lines), mimetype="text/csv")
    response.headers["Content-Disposition"] = f"attachment; filename=cpd-record-{slug}.csv"
    return response


@bp.route("/my-data")
@role(SIGNED_IN)
def my_data():
    """What we hold about you, and a button to download all of it."""
    return render_template("cpd/my_data.html")


@bp.route("/my-data/download")
@role(SIGNED_IN)
def my_data_download():
    """Everything held about the signed-in person, as one zip."""
    made = clock.today()
    out = exporting.archive(current_user, framework(), made, clock.timezone())
    response = send_file(out, mimetype="application/zip", as_attachment=True,
                         download_name=f"cpd-learning-my-data-{made.isoformat()}.zip",
                         max_age=0)
    return response

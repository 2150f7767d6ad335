"""Complete a module, get the certificate, and check it as an employer would: in a real browser."""

import io
import re

import pypdf
import pypdfium2
import zxingcpp
from playwright.sync_api import expect

from tests.e2e.people import register
from tests.factories import PASSWORD


def take_the_tiny_module(page, base: str) -> None:
    page.goto(base + "/modules/tiny-module")
    page.get_by_role("button", name="Start this module").click()
    finish_from_the_first_step(page)


def finish_from_the_first_step(page) -> None:
    expect(page.get_by_text("Step 1 of 4")).to_be_visible()
    for _ in range(2):
        page.get_by_role("link", name=re.compile("^Next")).click()
    page.get_by_label("#12thMW").check()
    page.get_by_label("A post").check()
    page.get_by_label("A follow").check()
    page.get_by_label("False", exact=True).check()
    page.get_by_label("Your answer").fill("hash")
    page.get_by_role("button", name="Check my answers").click()
    page.get_by_role("link", name="Go to the next step").click()
    page.get_by_label("Your reflection").fill("I will share one useful post in supervision.")
    page.get_by_role("button", name="Save my reflection").click()
    expect(page.get_by_role("heading", name="Module complete")).to_be_visible()


def test_download_the_certificate_and_check_it_on_the_public_page(
    live_app, live_server, page, checker, browser
):
    register(page, live_server, "Siân Wiśniewska", "sian@example.org")
    take_the_tiny_module(page, live_server)
    checker.check("complete-with-certificate")

    page.get_by_role("link", name="View your certificate").click()
    expect(page.get_by_text("This certificate is valid")).to_be_visible()
    expect(page.locator(".certificate-name")).to_have_text("Siân Wiśniewska")
    assert page.locator(".certificate-check img").evaluate("img => img.naturalWidth") > 0
    checker.check("certificate")

    # The printed page fits one A4 page.
    page.emulate_media(media="print")
    printout = page.pdf(prefer_css_page_size=True)
    page.emulate_media(media="screen")
    pypdfium2.PdfDocument(printout)[0].render(scale=1.5).to_pil().save(
        checker.folder / "certificate-printed.png")
    printed = pypdf.PdfReader(io.BytesIO(printout))
    assert len(printed.pages) == 1
    width, height = (float(v) for v in printed.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (842, 595)
    assert "Siân Wiśniewska" in printed.pages[0].extract_text()

    with page.expect_download() as info:
        page.get_by_role("link", name="Download the PDF").click()
    data = open(info.value.path(), "rb").read()
    text = pypdf.PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert "Siân Wiśniewska" in text and "A tiny module for tests" in text
    code = re.search(r"[0-9A-Z]{4}(?:-[0-9A-Z]{4}){3}-[0-9A-Z]{2}", text).group(0)
    image = pypdfium2.PdfDocument(data)[0].render(scale=3).to_pil()
    (url,) = [barcode.text for barcode in zxingcpp.read_barcodes(image)]
    assert url == f"{live_server}/verify/{code}"

    with page.expect_download() as info:
        page.get_by_role("link", name="Download the digital credential").click()
    assert info.value.suggested_filename.endswith(f"{code}.jwt")

    page.get_by_role("link", name="My certificates").click()
    expect(page.get_by_role("cell", name="Valid")).to_be_visible()
    checker.check("my-certificates")

    # An employer, with no account, scans the QR code.
    employer = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    employer.errors = []
    employer.on("pageerror", lambda error: employer.errors.append(str(error)))
    checker.page = employer
    employer.goto(url)
    expect(employer.get_by_role("heading", name="This certificate is genuine and valid")
           ).to_be_visible()
    expect(employer.get_by_text("Siân Wiśniewska")).to_be_visible()
    checker.check("verify-valid")

    # ... or types the code in, carelessly.
    employer.goto(live_server + "/verify")
    checker.check("check-form")
    employer.get_by_label("Certificate code").fill(code[:-1] + ("A" if code[-1] != "A" else "B"))
    employer.get_by_role("button", name="Check this code").click()
    expect(employer.get_by_text("There is a problem")).to_be_visible()
    checker.check("check-form-typo")
    employer.get_by_label("Certificate code").fill(code.lower().replace("-", " "))
    employer.get_by_role("button", name="Check this code").click()
    expect(employer.get_by_role("heading", name="This certificate is genuine and valid")
           ).to_be_visible()
    assert employer.url == f"{live_server}/verify/{code}"

    employer.goto(live_server + "/verify/0000-0000-0000-0000-00")
    expect(employer.get_by_text("We have no certificate with this code")).to_be_visible()
    checker.check("verify-unknown")


def test_an_admin_revokes_a_certificate(live_app, live_server, page, checker):
    from courseware.extensions import db
    from tests.factories import make_user

    with live_app.app_context():
        make_user("admin@example.org", "Ada Admin", role="admin")
        db.session.remove()
    register(page, live_server, "محمد عبد الله", "m@example.org")
    take_the_tiny_module(page, live_server)
    page.get_by_role("link", name="View your certificate").click()
    code = page.locator(".certificate-code").inner_text()
    certificate_page = page.url
    checker.check("certificate-arabic-name")
    page.get_by_role("button", name="Sign out").click()

    page.goto(live_server + "/login")
    page.get_by_label("Email address").fill("admin@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server}/verify/{code}")
    page.get_by_role("link", name="Revoke this certificate").click()
    checker.check("revoke-form")
    page.get_by_role("button", name="Revoke this certificate").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    checker.check("revoke-form-errors")
    page.get_by_label("Why are you revoking this certificate?").fill("Issued in error.")
    page.get_by_role("button", name="Revoke this certificate").click()
    expect(page.get_by_role("heading", name="This certificate has been revoked")).to_be_visible()
    checker.check("verify-revoked")
    page.get_by_role("button", name="Sign out").click()

    # The holder sees it revoked, with no downloads; an old link to the PDF explains why.
    page.goto(live_server + "/login")
    page.get_by_label("Email address").fill("m@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(certificate_page)
    expect(page.get_by_text("This certificate was revoked on")).to_be_visible()
    expect(page.get_by_role("link", name="Download the PDF")).to_have_count(0)
    checker.check("certificate-revoked")
    response = page.goto(certificate_page + "/certificate.pdf")
    assert response.status == 410
    expect(page.get_by_role("heading", name="This certificate was revoked")).to_be_visible()
    expect(page.get_by_text("Issued in error.")).to_be_visible()
    checker.check("certificate-revoked-download")
    page.get_by_role("link", name="see the page that checks this certificate").click()
    expect(page.get_by_role("heading", name="This certificate has been revoked")).to_be_visible()


def test_an_expired_certificate_is_renewed_by_taking_the_module_again(
    live_app, live_server, page, checker
):
    from datetime import UTC, datetime, timedelta

    from sqlalchemy import update

    from courseware.extensions import db
    from courseware.models import Certificate

    register(page, live_server, "王小明", "wang@example.org")
    take_the_tiny_module(page, live_server)
    with live_app.app_context():
        db.session.execute(update(Certificate).values(
            expires_at=datetime.now(UTC) - timedelta(days=1)))
        db.session.commit()
        db.session.remove()
    page.get_by_role("link", name="View your certificate").click()
    expect(page.get_by_text("This certificate expired on")).to_be_visible()
    expect(page.locator(".certificate-name")).to_have_text("王小明")
    checker.check("certificate-expired")
    page.get_by_role("link", name="My certificates").click()
    expect(page.get_by_role("cell", name=re.compile("Expired"))).to_be_visible()
    checker.check("my-certificates-expired")
    page.get_by_role("link", name=re.compile("^Renew")).click()
    page.get_by_role("button", name="Take the module again").click()
    finish_from_the_first_step(page)
    page.get_by_role("link", name="View your certificate").click()
    expect(page.get_by_text("This certificate is valid")).to_be_visible()
    page.get_by_role("link", name="My certificates").click()
    expect(page.get_by_role("cell", name=re.compile("Expired"))).to_be_visible()
    expect(page.get_by_role("cell", name="Valid")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("^Renew"))).to_have_count(0)
    checker.check("my-certificates-renewed")

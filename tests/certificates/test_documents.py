"""The PDF, its QR code, and the signed credential: opened, decoded and checked for real."""

import base64
import io
import json
from datetime import UTC, datetime, timedelta

import pypdf
import pypdfium2
import pytest
import zxingcpp
from sqlalchemy import select, update

from courseware.certificates import pdf as pdf_module
from courseware.certificates import signing
from courseware.certificates.pdf import CertificateText, Fonts, render_pdf, render_pdf_once
from courseware.extensions import db
from courseware.models import Certificate
from tests.certificates.helpers import complete
from tests.factories import make_user

NAMES = {
    "Welsh": "Siân Llŷr ap Rhys",
    "Polish": "Zofia Wiśniewska-Łęcka",
    "Arabic": "محمد عبد الله",
    "Chinese": "王小明",
}


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def qr_codes(data: bytes) -> list[str]:
    """Render the PDF's first page to pixels, as a phone camera would see it, and decode."""
    page = pypdfium2.PdfDocument(data)[0]
    image = page.render(scale=3).to_pil()
    return [barcode.text for barcode in zxingcpp.read_barcodes(image)]


def sample(name: str) -> CertificateText:
    return CertificateText(
        learner_name=name, module_title="Following a live-tweeted event", module_version="1.2.0",
        completed_on=datetime(2026, 3, 1, tzinfo=UTC), expires_on=datetime(2028, 3, 1, tzinfo=UTC),
        cpd_minutes=45, outcomes=["Follow a hashtag", "Join in respectfully"],
        code="7KQ2-M9XD-4RTB-0HZC-1G", verify_url="https://cpd.example.org/verify/X",
        check_url="cpd.example.org/verify", issuer_name="CPD Learning",
    )


@pytest.mark.parametrize("script", NAMES)
def test_names_in_every_script_come_out_right(script):
    fonts = Fonts()
    if not all(__import__("os").path.exists(p) for p in [fonts.regular, *fonts.fallbacks]):
        pytest.fail("certificate fonts missing: apt-get install fonts-dejavu-core "
                    "fonts-droid-fallback")
    data = render_pdf(sample(NAMES[script]))
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (842, 595)  # A4 landscape, in points
    text = pdf_text(data)
    assert NAMES[script] in text
    fonts_used = {str(f["/BaseFont"]) for f in reader.pages[0]["/Resources"]["/Font"].values()}
    assert any("DejaVu" in f for f in fonts_used)
    if script == "Chinese":
        assert any("Droid" in f for f in fonts_used)  # the fallback, only when needed
    else:
        assert not any("Droid" in f for f in fonts_used)
    assert len(data) < 120_000  # fonts are subset, not embedded whole


def test_a_certificate_is_made_once_and_remembered_while_another_is_made_anew(monkeypatch):
    monkeypatch.setattr(pdf_module, "_KEEP", 3)
    first = render_pdf_once(sample("Siân Bloggs"))
    assert render_pdf_once(sample("Siân Bloggs")) is first
    other = render_pdf_once(sample("Siân Jones"))
    assert other is not first and pdf_text(other).count("Jones") == 1
    for n in range(3):  # only the last few are kept
        render_pdf_once(sample(f"Person {n}"))
    again = render_pdf_once(sample("Siân Bloggs"))
    assert again is not first and pdf_text(again) == pdf_text(first)


def test_without_any_font_files_the_pdf_is_still_made(tmp_path):
    missing = str(tmp_path / "none.ttf")
    data = render_pdf(sample("Siân Bloggs"), Fonts(regular=missing, bold=missing, fallbacks=[]))
    assert "Siân Bloggs" in pdf_text(data)


def test_downloaded_pdf_has_name_module_code_and_a_qr_to_the_verify_page(
    app, client, auth, module, learner
):
    auth.login()
    complete(client)
    cert = db.session.scalar(select(Certificate))
    response = client.get(f"/certificates/{cert.id}/certificate.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    data = response.data
    text = pdf_text(data)
    for expected in ("Lee Learner", "A tiny module for tests", cert.code, "20 minutes of CPD",
                     "Pass a quiz", "Write a reflection", "Version 1.0.0"):
        assert expected in text, expected
    assert qr_codes(data) == [f"http://localhost/verify/{cert.code}"]


def test_printed_urls_follow_the_preferred_scheme(app, client, auth, module, learner):
    auth.login()
    complete(client)
    cert = db.session.scalar(select(Certificate))
    # Behind a proxy that ends TLS, the app sees plain http; the config says what to print.
    app.config["PREFERRED_URL_SCHEME"] = "https"
    data = client.get(f"/certificates/{cert.id}/certificate.pdf",
                      base_url="http://localhost").data
    assert qr_codes(data) == [f"https://localhost/verify/{cert.code}"]
    assert "localhost/verify" in pdf_text(data)


def segments(token: str) -> list[bytes]:
    return [base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)) for part in token.split(".")]


def join(parts: list[bytes]) -> str:
    return ".".join(base64.urlsafe_b64encode(p).rstrip(b"=").decode() for p in parts)


def download_credential(client) -> tuple[Certificate, str, dict]:
    cert = db.session.scalar(select(Certificate))
    response = client.get(f"/certificates/{cert.id}/credential.jwt")
    assert response.status_code == 200 and response.mimetype == "application/vc+jwt"
    keyset = client.get("/.well-known/jwks.json").get_json()
    return cert, response.get_data(as_text=True), keyset


def test_credential_is_an_open_badge_signed_with_the_published_key(client, auth, module, learner):
    auth.login()
    complete(client)
    cert, token, keyset = download_credential(client)
    header = json.loads(segments(token)[0])
    assert header["alg"] == "EdDSA" and header["typ"] == "vc+jwt"
    assert [key["kty"] for key in keyset["keys"]] == ["OKP"]
    assert keyset["keys"][0]["crv"] == "Ed25519" and "d" not in keyset["keys"][0]
    assert header["kid"] == keyset["keys"][0]["kid"]

    result = signing.check(token, keyset)
    assert result.status == "valid", result.reason
    vc = result.claims
    assert vc["@context"][0] == "https://www.w3.org/ns/credentials/v2"
    assert vc["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert vc["id"] == vc["jti"] == f"http://localhost/verify/{cert.code}"
    assert vc["issuer"]["id"] == vc["iss"] == "http://localhost/"
    assert vc["validUntil"].startswith(str(cert.expires_at.year))
    assert vc["exp"] == int(cert.expires_at.timestamp())
    subject = vc["credentialSubject"]
    assert subject["identifier"][0]["identityHash"] == "Lee Learner"
    achievement = subject["achievement"]
    assert achievement["name"] == "A tiny module for tests"
    assert achievement["description"].startswith("Two lessons, a quiz")
    assert achievement["version"] == "1.0.0"
    assert "- Pass a quiz" in achievement["criteria"]["narrative"]
    assert "20 minutes" in achievement["criteria"]["narrative"]
    assert achievement["creditsAvailable"] == pytest.approx(20 / 60, abs=0.01)
    # The same certificate signs to the same credential every time.
    assert client.get(f"/certificates/{cert.id}/credential.jwt").get_data(as_text=True) == token


def test_a_credential_with_any_byte_changed_is_invalid(client, auth, module, learner):
    auth.login()
    complete(client)
    _, token, keyset = download_credential(client)
    parts = segments(token)
    tried = 0
    for index, part in enumerate(parts):
        for position in range(0, len(part), max(1, len(part) // 25)):
            changed = [bytearray(p) for p in parts]
            changed[index][position] ^= 0x01
            result = signing.check(join([bytes(p) for p in changed]), keyset)
            assert result.status == "invalid", (index, position)
            tried += 1
    assert tried > 60
    # The obvious forgery: a different name, re-encoded.
    forged = [parts[0], parts[1].replace(b"Lee Learner", b"Lee Learnes"), parts[2]]
    assert signing.check(join(forged), keyset).status == "invalid"
    # Signed by someone else's key, even one that claims our kid.
    other = signing.load_private_key(signing.private_pem(signing.Ed25519PrivateKey.generate()))
    claims = json.loads(parts[1])
    impostor = signing.jwt.encode(claims, other, algorithm="EdDSA",
                                  headers={"kid": keyset["keys"][0]["kid"]})
    assert signing.check(impostor, keyset).status == "invalid"
    assert signing.check("not a credential", keyset).status == "invalid"


def test_cli_verify_reports_valid_invalid_expired_and_revoked(
    app, client, auth, runner, module, learner, tmp_path
):
    auth.login()
    complete(client)
    cert, token, keyset = download_credential(client)
    good = tmp_path / "good.jwt"
    good.write_text(token)
    result = runner.invoke(args=["certificates", "verify", str(good)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("valid: Lee Learner: A tiny module for tests version 1.0.0")
    assert cert.code in result.output

    published = tmp_path / "jwks.json"
    published.write_text(json.dumps(keyset))
    assert runner.invoke(args=["certificates", "verify", str(good), "--jwks",
                               str(published)]).exit_code == 0

    parts = segments(token)
    tampered = tmp_path / "tampered.jwt"
    tampered.write_text(join([parts[0], parts[1].replace(b"20 minutes", b"90 minutes"), parts[2]]))
    result = runner.invoke(args=["certificates", "verify", str(tampered)])
    assert result.exit_code == 1 and result.output.startswith("invalid:")

    other = tmp_path / "other.json"
    other.write_text(json.dumps(signing.jwks(signing.Ed25519PrivateKey.generate())))
    result = runner.invoke(args=["certificates", "verify", str(good), "--jwks", str(other)])
    assert result.exit_code == 1 and "does not publish" in result.output

    db.session.execute(update(Certificate).values(revoked_at=datetime.now(UTC)))
    db.session.commit()
    result = runner.invoke(args=["certificates", "verify", str(good)])
    assert result.exit_code == 4 and result.output.startswith("revoked:")

    past = datetime.now(UTC) - timedelta(days=1)
    db.session.execute(update(Certificate).values(revoked_at=None, expires_at=past))
    db.session.commit()
    expired = tmp_path / "expired.jwt"
    expired.write_text(client.get(f"/certificates/{cert.id}/credential.jwt").get_data(as_text=True))
    result = runner.invoke(args=["certificates", "verify", str(expired)])
    assert result.exit_code == 3 and result.output.startswith("expired:")

    shown = runner.invoke(args=["certificates", "jwks"])
    assert json.loads(shown.output) == keyset


def test_someone_elses_certificate_documents_are_404(client, auth, module, learner):
    auth.login()
    complete(client)
    cert = db.session.scalar(select(Certificate))
    auth.logout()
    make_user("other@example.org", "Other Person")
    make_user("boss@example.org", "Admin Person", role="admin")
    for email in ("other@example.org", "boss@example.org"):
        auth.login(email)
        for suffix in ("", "/certificate.pdf", "/credential.jwt"):
            response = client.get(f"/certificates/{cert.id}{suffix}")
            assert response.status_code == 404, (email, suffix)
            assert "Lee Learner" not in response.get_data(as_text=True)
        assert "Lee Learner" not in client.get("/my-certificates").get_data(as_text=True)
        # The public verification page is the way to see it.
        assert "Lee Learner" in client.get(f"/verify/{cert.code}").get_data(as_text=True)
        auth.logout()

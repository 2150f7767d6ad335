"""Revoked certificates: documents gone (410, saying why), a public status list, and every check
(the verify page, its JSON, the status list and `flask certificates verify`) agreeing."""

import json
from pathlib import Path

import pytest
from jsonschema import Draft201909Validator, FormatChecker
from sqlalchemy import select

from courseware.certificates import signing, status_list
from courseware.extensions import db
from courseware.models import Certificate
from tests.certificates.helpers import complete
from tests.clock import london
from tests.factories import make_user, post_form
from tests.test_query_counts import queries_for

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = ROOT.parent / "shared/standards/ob_v3p0_achievementcredential_schema.json"
LIST = "/credentials/status/revocation"
REASON = 'Issued in error: <script>alert("x")</script> & the quiz was taken by someone else'


def completed(client, auth) -> Certificate:
    """The learner completes the tiny module and stays signed in; their certificate."""
    auth.login()
    complete(client)
    return db.session.scalar(select(Certificate))


def revoke(client, auth, cert: Certificate, reason: str = REASON) -> None:
    """An admin revokes the certificate through the form; the learner is signed in after."""
    from courseware.domain.accounts import find_user

    if find_user("admin@example.org") is None:
        make_user("admin@example.org", "Ada Admin", role="admin")
    auth.logout()
    auth.login("admin@example.org")
    done = post_form(client, f"/certificates/{cert.id}/revoke", {"reason": reason})
    assert done.status_code == 302, done.status_code
    auth.logout()
    auth.login()


def listed(client) -> tuple[dict, bytes]:
    """The status list as anyone fetches it, its signature checked; its claims and bits."""
    response = client.get(LIST)
    assert response.status_code == 200 and response.mimetype == "application/vc+jwt"
    keyset = client.get("/.well-known/jwks.json").get_json()
    checked = signing.check(response.get_data(as_text=True), keyset)
    assert checked.status == "valid", checked.reason
    return checked.claims, status_list.decode(checked.claims["credentialSubject"]["encodedList"])


def cli_verify(runner, tmp_path, token: str):
    path = tmp_path / "credential.jwt"
    path.write_text(token)
    return runner.invoke(args=["certificates", "verify", str(path)])


def test_revoked_documents_are_gone_with_a_page_saying_when_why_and_who_to_ask(
    client, auth, module, learner, time_machine
):
    time_machine.move_to(london(2026, 7, 1, 14, 32), tick=False)  # 13:32 UTC, summer time
    cert = completed(client, auth)
    pdf, jwt = f"/certificates/{cert.id}/certificate.pdf", f"/certificates/{cert.id}/credential.jwt"
    assert client.get(pdf).status_code == 200 and client.get(jwt).status_code == 200
    page = client.get(f"/certificates/{cert.id}").get_data(as_text=True)
    assert pdf in page and jwt in page

    revoke(client, auth, cert)
    for url in (pdf, jwt):
        response = client.get(url)
        text = response.get_data(as_text=True)
        assert response.status_code == 410, url
        assert response.mimetype == "text/html" and "attachment" not in str(response.headers)
        assert "This certificate was revoked" in text
        assert "1 July 2026 at 14:32" in text  # London time, not UTC
        assert "Issued in error" in text and "&lt;script&gt;" in text
        assert "<script>alert" not in text
        assert "ask your manager or the administrator" in text
        assert f'href="/verify/{cert.code}"' in text
        assert "no-store" in response.headers["Cache-Control"]
    page = client.get(f"/certificates/{cert.id}").get_data(as_text=True)
    assert "This certificate was revoked on 1 July 2026" in page
    assert pdf not in page and jwt not in page and "Download" not in page
    assert f'href="/verify/{cert.code}"' in page


def test_others_get_404_for_someone_elses_downloads_revoked_or_not(client, auth, module, learner):
    cert = completed(client, auth)
    make_user("other@example.org", "Other Person")
    make_user("manager@example.org", "Mo Manager", role="manager")  # of no team of the holder
    for revoked in (False, True):
        if revoked:
            revoke(client, auth, cert, reason="A private reason")
        auth.logout()
        for email in ("other@example.org", "manager@example.org", "admin@example.org"):
            if not revoked and email == "admin@example.org":
                continue
            auth.login(email)
            for suffix in ("", "/certificate.pdf", "/credential.jwt"):
                response = client.get(f"/certificates/{cert.id}{suffix}")
                text = response.get_data(as_text=True)
                assert response.status_code == 404, (email, suffix, revoked)
                assert "revoked" not in text.lower() and "private reason" not in text.lower()
            auth.logout()
        auth.login()


def test_the_credential_points_at_the_status_list_and_passes_the_schema(
    client, auth, module, learner
):
    cert = completed(client, auth)
    token = client.get(f"/certificates/{cert.id}/credential.jwt").get_data(as_text=True)
    keyset = client.get("/.well-known/jwks.json").get_json()
    vc = signing.check(token, keyset).claims
    assert vc["credentialStatus"] == {
        "id": f"http://localhost{LIST}#{cert.id}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": str(cert.id),
        "statusListCredential": f"http://localhost{LIST}",
    }
    schema = json.loads(SCHEMA.read_text())
    validator = Draft201909Validator(schema, format_checker=FormatChecker())
    credential = {key: value for key, value in vc.items()
                  if key not in ("iss", "jti", "nbf", "iat", "exp")}
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(credential)]
    assert errors == []
    # The format checker really checks date-times (rfc3339-validator is installed).
    broken = credential | {"validFrom": "yesterday"}
    assert any("validFrom" in e.absolute_path for e in validator.iter_errors(broken))


def test_the_status_list_is_public_and_marks_a_revocation_at_once(client, auth, module, learner):
    cert = completed(client, auth)
    auth.logout()
    claims, bits = listed(client)
    assert claims["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert claims["id"] == claims["jti"] == f"http://localhost{LIST}"
    assert claims["issuer"] == claims["iss"] == "http://localhost/"
    assert claims["credentialSubject"]["statusPurpose"] == "revocation"
    assert len(bits) * 8 == status_list.MINIMUM_ENTRIES
    assert not status_list.is_set(bits, cert.id)
    first = client.get(LIST)
    assert first.headers["Cache-Control"] == "public, no-cache"
    unchanged = client.get(LIST, headers={"If-None-Match": first.headers["ETag"]})
    assert unchanged.status_code == 304

    auth.login()
    revoke(client, auth, cert)
    auth.logout()
    claims, bits = listed(client)
    assert status_list.is_set(bits, cert.id)
    assert [i for i in range(len(bits) * 8) if status_list.is_set(bits, i)] == [cert.id]
    assert "Issued in error" not in json.dumps(claims)  # the reason is not published
    changed = client.get(LIST, headers={"If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200
    assert queries_for(client, LIST) == 1


def test_the_verify_page_its_json_the_list_and_the_cli_agree(
    client, auth, runner, module, learner, tmp_path
):
    cert = completed(client, auth)
    token = client.get(f"/certificates/{cert.id}/credential.jwt").get_data(as_text=True)

    def answers() -> tuple:
        _, bits = listed(client)
        page = client.get(f"/verify/{cert.code}").get_data(as_text=True)
        return (client.get(f"/verify/{cert.code}.json").get_json()["status"],
                "has been revoked" in page, status_list.is_set(bits, cert.id),
                cli_verify(runner, tmp_path, token).exit_code)

    assert answers() == ("valid", False, False, 0)
    revoke(client, auth, cert)
    assert answers() == ("revoked", True, True, 4)
    result = cli_verify(runner, tmp_path, token)
    assert result.output.startswith("revoked: Lee Learner: A tiny module for tests")
    assert "the revocation list of this server says so" in result.output


def test_the_cli_reads_the_list_even_for_a_certificate_it_cannot_find(
    app, client, auth, runner, module, learner, tmp_path
):
    cert = completed(client, auth)
    token = client.get(f"/certificates/{cert.id}/credential.jwt").get_data(as_text=True)
    revoke(client, auth, cert)
    # The list speaks for the credential by its index, whatever its code says.
    db.session.get(Certificate, cert.id).code = "0000-0000-0000-0000-00"
    db.session.commit()
    result = cli_verify(runner, tmp_path, token)
    assert result.exit_code == 4, result.output
    assert result.output.startswith("revoked:")


@pytest.mark.parametrize("indexes", [[], [0], [7, 8], [131_071], [131_072, 3]])
def test_encoded_lists_decode_to_the_same_bits(indexes):
    bits = status_list.decode(status_list.encode(indexes))
    assert len(bits) * 8 % status_list.MINIMUM_ENTRIES == 0
    assert len(bits) * 8 > max(indexes, default=0)
    assert [i for i in range(len(bits) * 8) if status_list.is_set(bits, i)] == sorted(indexes)


def test_bit_zero_is_the_first_bit_of_the_first_byte():
    assert status_list.decode(status_list.encode([0]))[:2] == b"\x80\x00"
    assert status_list.decode(status_list.encode([7, 9]))[:2] == b"\x01\x40"
    assert status_list.encode([5]) == status_list.encode([5])  # the same list, the same bytes


@pytest.mark.parametrize("encoded", ["", "zabc", "u!!!", "uH4sI", "u" + "A" * 40])
def test_what_is_not_a_list_is_refused(encoded):
    with pytest.raises(ValueError):
        status_list.decode(encoded)


def test_a_short_list_is_refused():
    import base64
    import gzip

    short = "u" + base64.urlsafe_b64encode(gzip.compress(bytes(100))).rstrip(b"=").decode()
    with pytest.raises(ValueError, match="shorter"):
        status_list.decode(short)

"""Every address the server puts outside a page it is answering (emails, certificate PDFs, QR
codes, signed credentials, the verify JSON) comes from PUBLIC_URL, never from the request; once
it is set, requests naming any other host are refused."""

import email
import email.policy
import io
import json
import re
from pathlib import Path

import pytest
import segno
from flask import Flask
from sqlalchemy import select

from courseware import create_app, public_url
from courseware.certificates import deployment, signing
from courseware.config import load_config
from courseware.extensions import db
from courseware.models import Certificate
from tests.certificates.helpers import complete
from tests.certificates.test_documents import pdf_text, qr_codes, segments
from tests.conftest import ROOT, FreshContextClient, make_app
from tests.factories import PASSWORD, Auth, import_tiny_module, make_user, post_form
from tests.mailbox import smtp_server

PUBLIC = "https://cpd.example.org/cpd"
URL = re.compile(r"\b(?:https?://|www\.)\S+")


@pytest.fixture
def mailbox():
    """A real SMTP server on loopback: (its handler, its port)."""
    with smtp_server() as server:
        yield server


def serve(database_uri, tmp_path, mailbox=None, **config) -> Flask:
    """An app for tests with these settings, sending its mail to the mailbox."""
    app = make_app(database_uri, tmp_path, **config)
    if mailbox is not None:
        app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=mailbox[1])
    return app


def text_of(envelope) -> str:
    return email.message_from_bytes(envelope.content, policy=email.policy.default).get_body(
        ("plain",)).get_content()  # the plain text part


def ask_for_a_reset(client, **kwargs):
    """Open the forgotten-password form and send it, as the red team did."""
    page = client.get("/forgot-password", **kwargs)
    if page.status_code != 200:
        return page, page
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.get_data(as_text=True))
    sent = client.post("/forgot-password", data={"csrf_token": token.group(1),
                                                 "email": "sam@example.org"}, **kwargs)
    return page, sent


FORGED = {
    "a forged Host": {"base_url": "http://evil.example"},
    "a forged X-Forwarded-Host behind one proxy": {
        "base_url": "http://cpd.example.org", "headers": {"X-Forwarded-Host": "evil.example"}},
}


@pytest.mark.parametrize("how", sorted(FORGED))
def test_a_forged_host_is_refused_once_the_public_address_is_set(
        database_uri, tmp_path, mailbox, how):
    app = serve(database_uri, tmp_path, mailbox, PUBLIC_URL="http://cpd.example.org",
                PROXY_FIX_HOPS=1)
    with app.app_context():
        make_user("sam@example.org", "Sam")
        client = app.test_client()
        page, sent = ask_for_a_reset(client, **FORGED[how])
        assert page.status_code == 400
        text = page.get_data(as_text=True)
        assert "This server does not answer to the address in that request" in text
        assert "http://cpd.example.org" in text and "evil" not in text
        refused = client.post("/forgot-password", data={"email": "sam@example.org"},
                              **FORGED[how])
        assert refused.status_code == 400

        page, sent = ask_for_a_reset(client, base_url="http://cpd.example.org")
        assert sent.status_code == 200 and "Check your email" in sent.get_data(as_text=True)
        [mail] = mailbox[0].wait()
        assert "evil" not in mail.content.decode()
        assert URL.findall(text_of(mail))[0].startswith("http://cpd.example.org/reset-password/")


@pytest.mark.parametrize("how", sorted(FORGED))
def test_without_a_public_address_any_host_is_answered_but_links_stay_local(
        database_uri, tmp_path, mailbox, how):
    """A developer's machine (no PUBLIC_URL, no SERVER_NAME): 127.0.0.1 and localhost both work;
    a forged Host still never reaches the email."""
    app = serve(database_uri, tmp_path, mailbox, SERVER_NAME=None, PROXY_FIX_HOPS=1)
    assert app.config["TRUSTED_HOSTS"] is None
    with app.app_context():
        make_user("sam@example.org", "Sam")
        client = app.test_client()
        for host in ("http://127.0.0.1:5000", "http://localhost:5000"):
            assert client.get("/healthz", base_url=host).status_code == 200
        page, sent = ask_for_a_reset(client, **FORGED[how])
        assert sent.status_code == 200
        [mail] = mailbox[0].wait()
        assert "evil" not in mail.content.decode()
        assert URL.findall(text_of(mail))[0].startswith("http://localhost:5000/reset-password/")


def test_extra_trusted_hosts_are_answered_too(database_uri, tmp_path):
    app = serve(database_uri, tmp_path, PUBLIC_URL=PUBLIC,
                TRUSTED_HOSTS="health.internal, Other.Example ")
    assert app.config["TRUSTED_HOSTS"] == ["cpd.example.org", "health.internal", "other.example"]
    client = app.test_client()
    for host in ("https://cpd.example.org", "http://health.internal:8000", "http://other.example"):
        assert client.get("/healthz", base_url=host).status_code == 200, host
    assert client.get("/healthz", base_url="http://evil.example").status_code == 400
    assert client.get("/healthz", base_url="http://cpd.example.org.evil.example").status_code \
        == 400


class ByName(FreshContextClient):
    """A browser that reaches the server by another name: every request names `host`."""

    host = "http://evil.example"

    def open(self, *args, **kwargs):
        if args and isinstance(args[0], str):
            kwargs.setdefault("base_url", self.host)
        return super().open(*args, **kwargs)


def browser_at(app: Flask, host: str) -> ByName:
    app.test_client_class = ByName
    client = app.test_client()
    client.host = host
    return client


def verify_claims(client, cert_id: int) -> dict:
    token = client.get(f"/certificates/{cert_id}/credential.jwt").get_data(as_text=True)
    return json.loads(segments(token)[1])


def test_certificate_addresses_come_from_the_public_url_whatever_the_host(database_uri, tmp_path):
    app = serve(database_uri, tmp_path, PUBLIC_URL=PUBLIC + "/",
                TRUSTED_HOSTS="localhost,internal.example")
    with app.app_context():
        import_tiny_module()
        make_user("learner@example.org", "Lee Learner")
        client = app.test_client()
        Auth(client).login()
        complete(client)
        cert = db.session.scalar(select(Certificate))
        verify = f"{PUBLIC}/verify/{cert.code}"
        for host in ("http://localhost", "http://internal.example:8080"):
            client = browser_at(app, host)
            assert Auth(client).login().status_code == 302
            claims = verify_claims(client, cert.id)
            assert claims["iss"] == claims["issuer"]["id"] == claims["issuer"]["url"] \
                == PUBLIC + "/"
            assert claims["id"] == claims["jti"] == verify
            achievement = claims["credentialSubject"]["achievement"]
            assert achievement["id"].startswith(f"{PUBLIC}/modules/tiny-module")

            pdf = client.get(f"/certificates/{cert.id}/certificate.pdf").data
            assert qr_codes(pdf) == [verify]
            assert "cpd.example.org/cpd/verify" in pdf_text(pdf).replace("\n", "")

            answer = client.get(f"/verify/{cert.code}.json").get_json()
            assert answer["verification_url"] == verify

            svg = client.get(f"/verify/{cert.code}/qr.svg").data
            expected = io.BytesIO()
            segno.make(verify, error="m").save(
                expected, kind="svg", scale=4,
                title="QR code for the page that checks this certificate")
            assert svg == expected.getvalue()

            page = client.get(f"/certificates/{cert.id}").get_data(as_text=True)
            assert "cpd.example.org/cpd/verify</span>" in page and "internal.example" not in page


def test_the_cli_refuses_a_credential_signed_for_another_address(app, runner, tmp_path):
    """What the red team made before the fix: the real key, iss=http://evil.example/."""
    claims = {"iss": "http://evil.example/", "jti": "http://evil.example/verify/X",
              "credentialSubject": {}}
    forged = tmp_path / "forged.jwt"
    forged.write_text(signing.sign(claims, deployment.signing_key()))
    result = runner.invoke(args=["certificates", "verify", str(forged)])
    assert result.exit_code == 1, result.output
    assert result.output.startswith("invalid: it names another issuer ('http://evil.example/'), "
                                    "not this server's public address (http://localhost/)")


def test_a_public_url_with_a_path_builds_links_under_it(database_uri, tmp_path):
    app = serve(database_uri, tmp_path, PUBLIC_URL="https://Example.org:8443/training/cpd/")
    with app.app_context():  # no request: as in a command or a background job
        assert public_url.public_url("auth.reset_password", token="abc") \
            == "https://example.org:8443/training/cpd/reset-password/abc"
        assert public_url.public_url("catalogue.index") == "https://example.org:8443/training/cpd/"
        assert deployment.verify_url("7KQ2-M9XD-4RTB-0HZC-1G") \
            == "https://example.org:8443/training/cpd/verify/7KQ2-M9XD-4RTB-0HZC-1G"
    assert app.config["TRUSTED_HOSTS"] == ["example.org"]


@pytest.mark.parametrize("value", [
    "cpd.example.org", "ftp://cpd.example.org", "https://", "https:///cpd", "//cpd.example.org",
    "https://cpd.example.org/?next=x", "https://cpd.example.org/#top", "https://cpd.example.org?",
    "https://jo:secret@cpd.example.org", "https://cpd.example.org:99999",
    "https://cpd.example.org:port", "https://cpd example.org", "https://cpd.example.org/a b",
    "javascript:alert(1)", "https://-cpd.example.org", "https://[::1]",
])
def test_a_public_url_that_cannot_be_the_site_s_address_is_refused_at_start(tmp_path, value):
    with pytest.raises(public_url.PublicUrlError, match=r"^PUBLIC_URL .* is not usable: it(s)? "):
        make_app(f"sqlite:///{tmp_path}/x.sqlite", tmp_path, PUBLIC_URL=value)


def test_a_server_name_that_cannot_be_an_address_is_refused_too(tmp_path):
    with pytest.raises(public_url.PublicUrlError, match=r"^SERVER_NAME .* is not usable"):
        make_app(f"sqlite:///{tmp_path}/x.sqlite", tmp_path, SERVER_NAME="cpd example.org")


def production(tmp_path, **config) -> Flask:
    """create_app as gunicorn calls it: not testing, not debugging."""
    return create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/p.db",
                       "MIGRATIONS_DIR": str(ROOT / "migrations")} | config)


def test_production_refuses_to_start_without_a_public_address(tmp_path):
    with pytest.raises(RuntimeError, match="Set PUBLIC_URL to the address people use"):
        production(tmp_path)
    assert production(tmp_path, PUBLIC_URL=PUBLIC).config["TRUSTED_HOSTS"] == ["cpd.example.org"]
    named = production(tmp_path, SERVER_NAME="cpd.example.org", PREFERRED_URL_SCHEME="https")
    assert named.config["TRUSTED_HOSTS"] == ["cpd.example.org"]
    with named.app_context():
        assert public_url.public_url("auth.login") == "https://cpd.example.org/login"
    for local in ({"COURSEWARE_ENV": "development"}, {"DEBUG": True}, {"TESTING": True}):
        app = production(tmp_path, **local)
        assert app.config["TRUSTED_HOSTS"] is None
        with app.app_context():
            assert public_url.public_url("auth.login") == "http://localhost:5000/login"


def test_the_settings_come_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("PUBLIC_URL", PUBLIC)
    monkeypatch.setenv("TRUSTED_HOSTS", "health.internal")
    monkeypatch.setenv("COURSEWARE_ENV", "development")
    app = Flask("x", instance_path=str(tmp_path), instance_relative_config=True)
    load_config(app, None)
    public_url.init_app(app)
    assert app.config["COURSEWARE_ENV"] == "development" and not public_url.is_production(app)
    assert public_url.base_url(app) == PUBLIC
    assert app.config["TRUSTED_HOSTS"] == ["cpd.example.org", "health.internal"]


# Every place that sends an account's email at once (domain/security_emails.py), and how many
# messages it can send from there.
MAIL_SENDERS = {"courseware/auth/views.py": 3, "courseware/auth/email_change.py": 3,
                "courseware/manage/admin.py": 1}


def test_every_email_the_app_sends_links_to_the_public_address_only(
        database_uri, tmp_path, mailbox):
    """Walk every email with a Host the server answers but that is not its public address."""
    sources = {str(path.relative_to(ROOT)): path.read_text().count("security_emails.send(")
               for path in (ROOT / "courseware").rglob("*.py")}
    assert {path: n for path, n in sources.items() if n} \
        == MAIL_SENDERS, "a new email: add it to this walk"
    app = serve(database_uri, tmp_path, mailbox, PUBLIC_URL="https://cpd.example.org",
                TRUSTED_HOSTS="evil.example")
    with app.app_context():
        make_user("taken@example.org", "Tam Taken")
        make_user("admin@example.org", "Ada Admin", role="admin")
        ann = make_user("ann@example.org", "Ann Archer")
        client = browser_at(app, "http://evil.example")
        for address in ("new@example.org", "taken@example.org"):  # welcome, and someone tried
            post_form(client, "/register", {"name": "Sam", "email": address,
                                            "password": PASSWORD, "confirm": PASSWORD})
        post_form(client, "/forgot-password", {"email": "ann@example.org"})  # a reset link
        Auth(client).login("ann@example.org")
        for address in ("ann.new@example.org", "taken@example.org"):  # confirm or in use, notice
            post_form(client, "/account/email", {"new_email": address,
                                                 "email_password": PASSWORD},
                      token_from="/account")
        Auth(client).logout()
        Auth(client).login("admin@example.org")
        url = f"/admin/people/{ann.id}"  # an admin moves the account: both addresses told
        post_form(client, f"{url}/details", {"name": "Ann Archer", "email": "ann@elsewhere.org"},
                  token_from=url)
        messages = mailbox[0].wait(9, timeout=30)
    assert len(messages) == 9
    links = []
    for message in messages:
        assert "evil" not in message.content.decode()
        parts = email.message_from_bytes(message.content, policy=email.policy.default).walk()
        assert not any("evil" in part.get_content() for part in parts
                       if part.get_content_maintype() == "text")  # decoded, HTML too
        links += URL.findall(text_of(message))
    assert len(links) >= 9
    assert all(link.startswith("https://cpd.example.org/") for link in links), links


ALLOWED = {
    "courseware/public_url.py",  # the one place that makes an absolute address, from settings
    "courseware/rescue.py",  # compares a form's Origin with the page it was sent to: not a link
}


def test_no_code_makes_an_address_from_the_request():
    """Absolute addresses are made in one place, courseware/public_url.py, from the settings."""
    pattern = re.compile(r"_external|url_root|host_url|request\.host|request\.url\b|"
                         r"request\.base_url|HTTP_HOST|X-Forwarded-Host")
    found = {str(path.relative_to(ROOT)) for folder in ("courseware", "templates")
             for path in (ROOT / folder).rglob("*") if path.suffix in (".py", ".html", ".txt")
             and pattern.search(path.read_text())}
    assert found == ALLOWED


def test_email_templates_take_their_links_from_the_view():
    for path in Path(ROOT / "templates").rglob("*.txt"):
        assert "url_for(" not in path.read_text(), path

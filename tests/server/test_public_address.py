"""Under gunicorn, set up from environment variables as in production: a forged Host or
X-Forwarded-Host is refused by every worker, links in emails use PUBLIC_URL, and a server with
no public address does not start."""

import email
import email.policy
import re
import urllib.error
import urllib.request

import pytest

from tests.security.test_public_address import mailbox  # noqa: F401 - fixture
from tests.server.gunicorn import Browser, Server

FORGED = [{"Host": "evil.example"}, {"X-Forwarded-Host": "evil.example"},
          {"Host": "evil.example:80", "X-Forwarded-Host": "evil.example"}]


def status_of(url: str, headers: dict) -> tuple[int, str]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_every_worker_refuses_another_host_and_mails_the_public_address(
        served_database, mailbox):  # noqa: F811
    inbox, port = mailbox
    server = Server(served_database, workers=2, threads=2, PROXY_FIX_HOPS="1",
                    MAIL_SERVER="127.0.0.1", MAIL_PORT=str(port))
    try:
        for _ in range(6):  # keep-alive is off, so these are spread across the workers
            for headers in FORGED:
                status, page = status_of(server.url + "/forgot-password", headers)
                assert status == 400, headers
                assert "does not answer to the address in that request" in page
                assert "evil" not in page
        browser = Browser(server.url)
        status, _, page = browser.post("/forgot-password", [("email", "person0@example.org")],
                                       "/forgot-password")
        assert status == 200 and "Check your email" in page
        [message] = inbox.wait()
    finally:
        server.stop()
    text = email.message_from_bytes(message.content, policy=email.policy.default).get_body(
        ("plain",)).get_content()  # the plain text part
    assert re.search(re.escape(server.url) + r"/reset-password/\S+", text)


def test_without_a_public_address_the_server_does_not_start(served_database):
    with pytest.raises(RuntimeError, match="Set PUBLIC_URL to the address people use"):
        Server(served_database, workers=1, threads=1, PUBLIC_URL="")

"""A certificate keeps the name it was issued with; the public check says when the holder's name
has changed since, without saying the new one."""

from sqlalchemy import select

from courseware.certificates import signing
from courseware.extensions import db
from courseware.models import Certificate
from tests.certificates.helpers import complete
from tests.certificates.test_documents import pdf_text
from tests.factories import post_form

NOTE = "Issued to Lee Learner. The holder has since changed their name."


def rename(client, name: str):
    done = post_form(client, "/account/name", {"name": name}, token_from="/account")
    assert done.status_code == 302, done.status_code


def test_documents_keep_the_name_at_issue_after_a_change(client, auth, module, learner):
    auth.login()
    complete(client)
    cert = db.session.scalar(select(Certificate))
    rename(client, "Lee Smith")

    page = client.get(f"/certificates/{cert.id}").get_data(as_text=True)
    assert "Lee Learner" in page
    assert "This certificate shows the name you had when it was issued" in page
    assert "Lee Learner" in pdf_text(client.get(f"/certificates/{cert.id}/certificate.pdf").data)
    assert "Lee Smith" not in pdf_text(client.get(f"/certificates/{cert.id}/certificate.pdf").data)
    token = client.get(f"/certificates/{cert.id}/credential.jwt").get_data(as_text=True)
    claims = signing.check(token, client.get("/.well-known/jwks.json").get_json()).claims
    assert claims["credentialSubject"]["identifier"][0]["identityHash"] == "Lee Learner"


def test_the_public_check_says_the_name_changed_but_not_to_what(client, auth, module, learner):
    auth.login()
    complete(client)
    cert = db.session.scalar(select(Certificate))
    before = client.get(f"/verify/{cert.code}").get_data(as_text=True)
    assert "changed their name" not in before
    assert client.get(f"/verify/{cert.code}.json").get_json()["holder"] == "unchanged"
    rename(client, "Lee Smith")
    auth.logout()

    page = client.get(f"/verify/{cert.code}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "This certificate is genuine and valid" in text
    assert NOTE in text
    assert "Lee Smith" not in text
    answer = client.get(f"/verify/{cert.code}.json")
    assert answer.get_json()["learner_name"] == "Lee Learner"
    assert answer.get_json()["holder"] == "name-changed"
    assert "Lee Smith" not in answer.get_data(as_text=True)


def test_changing_back_to_the_name_at_issue_shows_no_note(client, auth, module, learner):
    auth.login()
    complete(client)
    cert = db.session.scalar(select(Certificate))
    rename(client, "Lee Smith")
    rename(client, "Lee Learner")
    assert "changed their name" not in client.get(f"/verify/{cert.code}").get_data(as_text=True)

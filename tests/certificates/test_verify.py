"""The public check by code, as a page and as JSON; rate limits; revocation; renewal."""

import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select, update

from courseware.extensions import db
from courseware.models import Certificate, Enrolment, RateLimitCounter
from tests.certificates.helpers import complete, start
from tests.factories import make_user, post_form
from tests.test_query_counts import count_queries, queries_for


def issued(client, auth) -> Certificate:
    auth.login()
    complete(client)
    auth.logout()
    return db.session.scalar(select(Certificate))


def test_anyone_can_check_a_valid_certificate_without_an_account(client, auth, module, learner):
    cert = issued(client, auth)
    response = client.get(f"/verify/{cert.code}")
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "This certificate is genuine and valid" in text
    for expected in ("Lee Learner", "A tiny module for tests", "1.0.0",
                     cert.completed_at.strftime("%-d %B %Y"),
                     cert.expires_at.strftime("%-d %B %Y"), "20 minutes"):
        assert expected in text, expected
    assert "100%" not in text  # quiz scores stay private


def test_codes_as_people_type_them_lead_to_the_page(client, auth, module, learner):
    cert = issued(client, auth)
    typed = cert.code.lower().replace("-", "").replace("0", "o")
    response = client.get(f"/verify/{typed}")
    assert response.status_code == 301
    assert response.headers["Location"].endswith(f"/verify/{cert.code}")
    form = client.get("/verify", query_string={"code": " " + cert.code.lower().replace("-", " ")})
    assert form.status_code == 302 and form.headers["Location"].endswith(f"/verify/{cert.code}")


def test_a_mistyped_code_is_caught_before_any_lookup(client, auth, module, learner):
    cert = issued(client, auth)
    wrong = cert.code[:5] + ("A" if cert.code[5] != "A" else "B") + cert.code[6:]
    with count_queries() as statements:
        response = client.get(f"/verify/{wrong}")
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "There is a problem" in text and "typing mistake" in text and 'href="#code"' in text
    assert not [s for s in statements if "certificate" in s]
    form = client.get("/verify", query_string={"code": "ABC"})
    assert form.status_code == 400 and "should have 18" in form.get_data(as_text=True)
    empty = client.get("/verify", query_string={"code": ""})
    assert "Enter the code from the certificate" in empty.get_data(as_text=True)
    assert "Check a certificate" in client.get("/verify").get_data(as_text=True)


def test_an_unknown_code_says_so(client, module):
    response = client.get("/verify/0000-0000-0000-0000-00")
    assert response.status_code == 404
    assert "We have no certificate with this code" in response.get_data(as_text=True)
    data = client.get("/verify/0000-0000-0000-0000-00.json")
    assert data.status_code == 404
    assert data.get_json() == {"code": "0000-0000-0000-0000-00", "status": "unknown"}


def test_machines_get_the_same_answer_as_json(client, auth, module, learner):
    cert = issued(client, auth)
    response = client.get(f"/verify/{cert.code}.json")
    assert response.status_code == 200
    answer = response.get_json()
    assert answer["status"] == "valid" and answer["code"] == cert.code
    assert answer["learner_name"] == "Lee Learner"
    assert answer["module"] == {"id": "tiny-module", "title": "A tiny module for tests",
                                "version": "1.0.0", "content_hash": cert.content_hash}
    assert answer["verification_url"] == f"http://localhost/verify/{cert.code}"
    assert answer["expires_at"].startswith(str(cert.expires_at.year))
    assert answer["revoked_at"] is None
    negotiated = client.get(f"/verify/{cert.code}", headers={"Accept": "application/json"})
    assert negotiated.get_json() == answer
    bad = client.get("/verify/NOT-A-CODE.json")
    assert bad.status_code == 400 and bad.get_json()["status"] == "invalid-code"


def test_lookups_are_rate_limited_per_address(app, client, module):
    app.config["CERTIFICATE_VERIFY_LIMIT"] = "3 per minute"
    for _ in range(2):
        assert client.get("/verify/0000-0000-0000-0000-00").status_code == 404
    assert client.get("/verify/0000-0000-0000-0000-00.json").status_code == 404
    page = client.get("/verify/0000-0000-0000-0000-00")
    assert page.status_code == 429 and "Too many tries" in page.get_data(as_text=True)
    assert "Try again in 1 minute." in page.get_data(as_text=True)
    data = client.get("/verify/0000-0000-0000-0000-00.json")
    assert data.status_code == 429 and data.get_json()["status"] == "rate-limited"
    assert data.get_json()["error"] == "Too many lookups. Try again in 1 minute."
    other = client.get("/verify/0000-0000-0000-0000-00",
                       environ_overrides={"REMOTE_ADDR": "127.0.0.2"})
    assert other.status_code == 404


def test_lookups_count_exactly_in_the_shared_database(client, module, time_machine):
    time_machine.move_to(datetime(2026, 3, 21, 12, tzinfo=UTC), tick=False)
    answers = [client.get("/verify/0000-0000-0000-0000-00").status_code for _ in range(31)]
    assert answers == [404] * 30 + [429]
    time_machine.move_to(datetime(2026, 3, 21, 12, 0, 35, tzinfo=UTC), tick=False)
    refused = client.get("/verify/0000-0000-0000-0000-00.json")
    assert refused.status_code == 429 and refused.get_json()["error"].endswith("1 minute.")
    assert refused.headers["Retry-After"] in ("25", "26")  # Flask-Limiter rounds up a second
    keys = db.session.scalars(select(RateLimitCounter.key)).all()
    assert any("certificate-verify" in key for key in keys)
    time_machine.move_to(datetime(2026, 3, 21, 12, 1, tzinfo=UTC), tick=False)
    assert client.get("/verify/0000-0000-0000-0000-00").status_code == 404


def test_an_admin_revokes_with_a_reason_and_everyone_sees_it(client, auth, module, learner):
    cert = issued(client, auth)
    make_user("admin@example.org", "Ada Admin", role="admin")
    auth.login("admin@example.org")
    page = client.get(f"/verify/{cert.code}").get_data(as_text=True)
    assert "Revoke this certificate" in page
    url = f"/certificates/{cert.id}/revoke"
    empty = post_form(client, url, {"reason": "  "})
    assert empty.status_code == 200 and "Enter why you are revoking" in empty.get_data(as_text=True)
    assert client.post(url, data={"reason": "No token"}).status_code == 400
    done = post_form(client, url, {"reason": "Issued in error: the quiz was taken by someone else"})
    assert done.status_code == 302 and done.headers["Location"].endswith(f"/verify/{cert.code}")
    revoked_on = db.session.get(Certificate, cert.id).revoked_at
    assert revoked_on is not None
    auth.logout()

    public = client.get(f"/verify/{cert.code}").get_data(as_text=True)
    assert "This certificate has been revoked" in public
    assert revoked_on.strftime("%-d %B %Y") in public
    assert "Issued in error" not in public  # the reason is for the learner and admins only
    answer = client.get(f"/verify/{cert.code}.json").get_json()
    assert answer["status"] == "revoked" and answer["revoked_at"].startswith(str(revoked_on.year))

    auth.login()
    mine = client.get("/my-certificates").get_data(as_text=True)
    assert "Revoked" in mine
    own = client.get(f"/certificates/{cert.id}").get_data(as_text=True)
    assert "This certificate was revoked on" in own and "Issued in error" in own


def test_only_those_who_may_revoke_can_reach_the_form(client, auth, module, learner):
    cert = issued(client, auth)
    url = f"/certificates/{cert.id}/revoke"
    make_user("manager@example.org", "Manny Manager", role="manager")
    auth.login()
    assert client.get(url).status_code == 403
    assert "Revoke this certificate" not in client.get(f"/verify/{cert.code}").get_data(
        as_text=True)
    auth.logout()
    auth.login("manager@example.org")  # no teams yet: a manager cannot revoke anyone's
    assert client.get(url).status_code == 404
    assert post_form(client, url, {"reason": "x"}, token_from="/").status_code == 404
    assert db.session.get(Certificate, cert.id).revoked_at is None


def expire(cert: Certificate) -> None:
    db.session.execute(update(Certificate).values(
        expires_at=datetime.now(UTC) - timedelta(days=1)))
    db.session.commit()


def test_an_expired_certificate_says_so_and_offers_the_module_again(
    client, auth, module, learner
):
    cert = issued(client, auth)
    expire(cert)
    public = client.get(f"/verify/{cert.code}").get_data(as_text=True)
    assert "This certificate has expired" in public
    assert client.get(f"/verify/{cert.code}.json").get_json()["status"] == "expired"

    auth.login()
    assert "Expired" in client.get("/my-certificates").get_data(as_text=True)
    page = client.get(f"/certificates/{cert.id}").get_data(as_text=True)
    assert "This certificate expired on" in page and "Take the module again" in page
    renew = post_form(client, f"/certificates/{cert.id}/renew", {},
                      token_from=f"/certificates/{cert.id}")
    assert renew.status_code == 302
    new_eid = int(re.search(r"/learn/(\d+)", renew.headers["Location"]).group(1))
    enrolment = db.session.get(Enrolment, new_eid)
    assert enrolment.renewal == 1 and enrolment.completed_at is None
    assert enrolment.module_version_id == cert.module_version_id  # the same version, afresh
    # Asking twice (a double click) continues the same new enrolment.
    again = post_form(client, f"/certificates/{cert.id}/renew", {},
                      token_from=f"/certificates/{cert.id}")
    assert again.headers["Location"] == renew.headers["Location"]
    assert db.session.scalar(select(func.count(Enrolment.id))) == 2

    assert complete(client) == new_eid
    certs = db.session.scalars(select(Certificate).order_by(Certificate.id)).all()
    assert len(certs) == 2 and certs[1].renewal == 1 and certs[1].enrolment_id == new_eid
    assert client.get(f"/verify/{certs[1].code}.json").get_json()["status"] == "valid"
    old = client.get(f"/certificates/{cert.id}").get_data(as_text=True)
    assert "see your newer certificate" in old and "Take the module again" not in old
    # Start on the module page now looks through the latest, not the first, enrolment.
    assert start(client) == new_eid


def test_a_valid_certificate_needs_no_renewing(client, auth, module, learner):
    cert = issued(client, auth)
    auth.login()
    response = post_form(client, f"/certificates/{cert.id}/renew", {},
                         token_from=f"/certificates/{cert.id}")
    assert response.headers["Location"].endswith(f"/certificates/{cert.id}")
    assert db.session.scalar(select(func.count(Enrolment.id))) == 1


def test_learner_pages_link_to_certificates(client, auth, module, learner):
    auth.login()
    eid = complete(client)
    cert = db.session.scalar(select(Certificate))
    finish = client.get(f"/learn/{eid}/finish").get_data(as_text=True)
    assert f"/learn/{eid}/certificate" in finish
    assert "/my-certificates" in client.get("/my-learning").get_data(as_text=True)
    mine = client.get("/my-certificates").get_data(as_text=True)
    assert "A tiny module for tests" in mine and "Valid" in mine
    page = client.get(f"/certificates/{cert.id}").get_data(as_text=True)
    for expected in ("Lee Learner", cert.code, "Download the PDF", "Check your understanding: 100%",
                     f"/verify/{cert.code}/qr.svg", "Pass a quiz"):
        assert expected in page, expected
    assert 'style="' not in page and "<style" not in page
    svg = client.get(f"/verify/{cert.code}/qr.svg")
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml"
    assert b'xmlns="http://www.w3.org/2000/svg"' in svg.data
    assert client.get("/verify/nonsense/qr.svg").status_code == 404


def test_certificate_pages_run_a_fixed_number_of_queries(client, auth, module, learner, tmp_path):
    from tests.test_query_counts import more_modules

    auth.login()
    complete(client)
    cert = db.session.scalar(select(Certificate))
    pages = ["/my-certificates", f"/certificates/{cert.id}", f"/verify/{cert.code}",
             f"/verify/{cert.code}.json"]
    for url in pages:  # a lookup's first in a minute also clears the counters that ended
        client.get(url)
    before = {url: queries_for(client, url) for url in pages}
    more_modules(tmp_path, 2)
    for n in range(2):
        complete(client, f"tiny-{n}")
    assert db.session.scalar(select(func.count(Certificate.id))) == 3
    after = {url: queries_for(client, url) for url in pages}
    assert after == before
    # A lookup: the certificate, and one statement for each of its two limits (a minute's and
    # an hour's) in the shared counters. The verification page seen by its holder signed in
    # also checks the user and their sign-in on the server (the user alone would have come
    # from the certificate's holder, already loaded).
    assert before == {"/my-certificates": 2, f"/certificates/{cert.id}": 4,
                      f"/verify/{cert.code}": 4, f"/verify/{cert.code}.json": 3}

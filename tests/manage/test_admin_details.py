"""Admins correct anyone's name and email address on their People page."""

from courseware.domain.accounts import authenticate, find_user
from courseware.extensions import db
from tests.auth.test_profile import by_recipient
from tests.factories import PASSWORD, Auth, make_user, post_form


def details(client, user, **data):
    url = f"/admin/people/{user.id}"
    return post_form(client, f"{url}/details", data, token_from=url)


def test_an_admin_corrects_a_name_and_an_email_address(client, inbox):
    make_user("admin@example.org", "Ada Admin", role="admin")
    ann = make_user("ann@exmaple.org", "Ann Arhcer")
    Auth(client).login("admin@example.org")
    page = client.get(f"/admin/people/{ann.id}").get_data(as_text=True)
    assert 'value="Ann Arhcer"' in page and 'value="ann@exmaple.org"' in page

    done = details(client, ann, name="Ann Archer", email=" Ann@Example.org ")
    assert done.status_code == 302
    shown = client.get(done.headers["Location"]).get_data(as_text=True)
    assert "Ann Archer’s name and email address are saved." in shown
    db.session.refresh(ann)
    assert (ann.name, ann.email) == ("Ann Archer", "ann@example.org")
    assert authenticate("ann@example.org", PASSWORD) is not None
    mail = by_recipient(inbox.wait(2, timeout=30))
    assert set(mail) == {"ann@exmaple.org", "ann@example.org"}
    assert "An administrator changed the email address" in mail["ann@exmaple.org"]


def test_an_admin_is_told_when_an_address_is_taken_or_a_field_is_wrong(
        client, inbox):
    make_user("admin@example.org", "Ada Admin", role="admin")
    ann = make_user("ann@example.org", "Ann Archer")
    make_user("ben@example.org", "Ben Baker")
    Auth(client).login("admin@example.org")
    taken = details(client, ann, name="Ann Archer", email="BEN@example.org")
    text = taken.get_data(as_text=True)
    assert taken.status_code == 200 and "There is a problem" in text
    assert "Another account already uses ben@example.org." in text
    empty = details(client, ann, name=" ", email="not an address")
    text = empty.get_data(as_text=True)
    assert "Enter their name." in text and "Enter an email address like name@example.org." in text
    db.session.refresh(ann)
    assert (ann.name, ann.email) == ("Ann Archer", "ann@example.org")
    assert find_user("ben@example.org").name == "Ben Baker"


def test_a_name_change_alone_sends_no_email(client, inbox):
    import time

    make_user("admin@example.org", "Ada Admin", role="admin")
    ann = make_user("ann@example.org", "Ann Arhcer")
    Auth(client).login("admin@example.org")
    assert details(client, ann, name="Ann Archer", email="ann@example.org").status_code == 302
    time.sleep(0.2)
    assert inbox.messages == []
    db.session.refresh(ann)
    assert ann.name == "Ann Archer"

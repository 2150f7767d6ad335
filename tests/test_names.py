"""One name rule for people and teams, however the name comes in: forms, the team CSV, the CLI."""

import io
import unicodedata

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from courseware.domain.accounts import find_user
from courseware.extensions import db
from courseware.models import Team
from courseware.names import MAX_LENGTH, check_name
from tests.factories import PASSWORD, Auth, make_user, post_form

HIDDEN = ["\x00", "\x1b[31m", "\x07", "\x7f", "\x85", "\x9b", "\u202a", "\u202b", "\u202c",
          "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\t", "\n"]
FORBIDDEN = {chr(c) for c in [*range(0x20), *range(0x7F, 0xA0), *range(0x202A, 0x202F),
                              *range(0x2066, 0x206A)]}


def test_plain_names_are_trimmed_and_composed():
    assert check_name("  Siân Bloggs ") == ("Siân Bloggs", None)
    assert check_name("Sia\u0302n") == ("Siân", None)  # typed with a combining accent
    assert check_name("عائشة") == ("عائشة", None)  # right-to-left text is fine
    assert check_name("   ")[1] == "empty"
    assert check_name("x" * MAX_LENGTH)[1] is None
    assert check_name("x" * (MAX_LENGTH + 1))[1] == "too-long"


def test_control_and_direction_characters_are_refused():
    for hidden in HIDDEN:
        assert check_name(f"Ann{hidden}Archer")[1] == "hidden-characters", repr(hidden)


@given(st.text(max_size=200))
def test_whatever_is_typed_a_kept_name_is_clean(text):
    name, problem = check_name(text)
    if problem is None:
        assert 1 <= len(name) <= MAX_LENGTH
        assert name == name.strip() and name == unicodedata.normalize("NFC", name)
        assert not FORBIDDEN & set(name)
    else:
        assert problem in ("empty", "too-long", "hidden-characters")


@given(st.text(max_size=200))
def test_the_rule_is_idempotent(text):
    name, problem = check_name(text)
    if problem is None:
        assert check_name(name) == (name, None)


def test_registration_refuses_a_hidden_character(client):
    page = post_form(client, "/register", {"name": "Ann\u202eArcher", "email": "ann@example.org",
                                           "password": PASSWORD, "confirm": PASSWORD})
    assert page.status_code == 200
    assert "hidden characters" in page.get_data(as_text=True)
    assert find_user("ann@example.org") is None


def test_a_name_change_refuses_a_hidden_character(client):
    ann = make_user("ann@example.org", "Ann Archer")
    Auth(client).login("ann@example.org")
    page = post_form(client, "/account/name", {"name": "\x1b[31mAnn"}, token_from="/account")
    assert "hidden characters" in page.get_data(as_text=True)
    db.session.refresh(ann)
    assert ann.name == "Ann Archer"
    post_form(client, "/account/name", {"name": "Sia\u0302n"}, token_from="/account")
    db.session.refresh(ann)
    assert ann.name == "Siân"


def test_an_admin_edit_refuses_a_hidden_character(client, inbox):  # noqa: F811
    make_user("admin@example.org", "Ada Admin", role="admin")
    ann = make_user("ann@example.org", "Ann Archer")
    Auth(client).login("admin@example.org")
    url = f"/admin/people/{ann.id}"
    page = post_form(client, f"{url}/details", {"name": "Ann\u2066Archer",
                                                "email": "ann@example.org"}, token_from=url)
    assert "hidden characters" in page.get_data(as_text=True)
    db.session.refresh(ann)
    assert ann.name == "Ann Archer"


def test_the_team_csv_refuses_nul_and_control_characters(client):
    make_user("admin@example.org", "Ada Admin", role="admin")
    Auth(client).login("admin@example.org")
    post_form(client, "/admin/teams", {"name": "Team"})
    url = f"/admin/teams/{db.session.scalar(select(Team.id))}"
    text = "Ann\x00Archer,ann@example.org\nBen \x1b[31mBaker,ben@example.org\n"
    page = post_form(client, f"{url}/import", {"file": (io.BytesIO(text.encode()), "p.csv")},
                     token_from=url, content_type="multipart/form-data")
    shown = page.get_data(as_text=True)
    assert "Line 1:" in shown and "Line 2:" in shown and "hidden characters" in shown
    assert find_user("ann@example.org") is None and find_user("ben@example.org") is None


def test_team_names_follow_the_rule(client, runner):
    make_user("admin@example.org", "Ada Admin", role="admin")
    Auth(client).login("admin@example.org")
    page = post_form(client, "/admin/teams", {"name": "Adults\u202e"})
    assert "hidden characters" in page.get_data(as_text=True)
    assert db.session.scalar(select(Team)) is None
    refused = runner.invoke(args=["teams", "create", "Children\x1b[31m"])
    assert refused.exit_code != 0 and "hidden characters" in refused.output
    assert runner.invoke(args=["teams", "create", "Children"]).exit_code == 0
    url = f"/admin/teams/{db.session.scalar(select(Team.id))}"
    renamed = post_form(client, f"{url}/rename", {"rename-name": "Kids\u2067"}, token_from=url)
    assert "hidden characters" in renamed.get_data(as_text=True)
    assert db.session.scalar(select(Team.name)) == "Children"


def test_users_create_refuses_a_hidden_character(runner):
    result = runner.invoke(args=["users", "create", "x@example.org", "--name", "X\u202eY"],
                           input="a long enough password\n")
    assert result.exit_code != 0 and "hidden characters" in result.output
    assert find_user("x@example.org") is None

"""Password rules and hashing, as plain functions."""

import pytest

from courseware.domain.passwords import (
    TOO_COMMON,
    TOO_SHORT,
    TOO_SIMPLE,
    hash_password,
    needs_rehash,
    password_problem,
)


@pytest.mark.parametrize("password", [
    "purple tea kettle morning", "Siân's garden in Aberystwyth", "walking the dog at dawn",
])
def test_good_passwords_pass(password):
    assert password_problem(password, "jo@example.org") is None


@pytest.mark.parametrize("password, problem", [
    ("short", TOO_SHORT),
    ("elevenchars", TOO_SHORT),
    ("password1234", TOO_COMMON),
    ("Password1234!", TOO_COMMON),
    ("iloveyou2024!!", TOO_COMMON),
    ("correct horse battery staple", TOO_COMMON),
    ("dragondragon", TOO_COMMON),
    ("qazwsxedcrfv", TOO_COMMON),
    ("aaaaaaaaaaaaaa", TOO_SIMPLE),
    ("123456789012", TOO_SIMPLE),
    ("abcdefghijklm", TOO_SIMPLE),
])
def test_weak_passwords_are_refused_with_a_reason(password, problem):
    assert password_problem(password, "jo@example.org") == problem


def test_password_may_not_contain_the_email_name():
    assert "email address" in password_problem("jo.bloggs is my name", "jo.bloggs@example.org")


def test_no_composition_rules():
    assert password_problem("all lower case words here", "") is None


def test_rehash_needed_only_when_parameters_change():
    stored = hash_password("purple tea kettle morning")
    assert stored.startswith("scrypt:32768:8:1$")
    assert not needs_rehash(stored)
    assert needs_rehash(stored, "scrypt:65536:8:1")
    assert needs_rehash(hash_password("x", "pbkdf2:sha256:600000"))

"""Fixtures for tests that run the app under gunicorn against a real database."""

import os

import pytest
from sqlalchemy import insert

from courseware.domain.passwords import DEFAULT_METHOD, hash_password
from courseware.extensions import db
from courseware.models import User
from tests.conftest import empty_postgres, make_app
from tests.factories import PASSWORD, import_tiny_module

# A cheap hash for crowds of learners: the servers are told to use it too, so signing in
# neither costs a full scrypt nor rehashes.
CHEAP_HASH_METHOD = "scrypt:2048:8:1"


@pytest.fixture
def served_database(database_uri, tmp_path):
    """A migrated database with the tiny module and 12 learners, closed before serving."""
    return prepare(database_uri, tmp_path)


@pytest.fixture
def crowd_database(database_uri, tmp_path):
    """The same with 200 learners whose passwords are hashed with CHEAP_HASH_METHOD."""
    return prepare(database_uri, tmp_path, learners=200, method=CHEAP_HASH_METHOD)


@pytest.fixture
def served_postgres(request, tmp_path):
    """The same, on PostgreSQL only: what several servers share."""
    if not os.environ.get("TEST_DATABASE_URL"):
        pytest.skip("TEST_DATABASE_URL is not set: several servers need PostgreSQL")
    url = request.getfixturevalue("postgres_url")
    empty_postgres(url)
    return prepare(url, tmp_path)


def prepare(database_uri, tmp_path, learners: int = 12, method: str = DEFAULT_METHOD):
    """Import the tiny module and make learners person0@example.org, person1@...; close every
    connection. They share one password hash, made once."""
    app = make_app(database_uri, tmp_path)
    with app.app_context():
        import_tiny_module()
        password_hash = hash_password(PASSWORD, method)
        db.session.execute(insert(User), [
            {"email": f"person{n}@example.org", "name": f"Person {n}",
             "password_hash": password_hash, "role": "learner"}
            for n in range(learners)
        ])
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return database_uri

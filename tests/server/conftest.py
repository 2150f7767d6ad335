"""Fixtures for tests that run the app under gunicorn against a real database."""

import os

import pytest

from courseware.extensions import db
from tests.conftest import empty_postgres, make_app
from tests.factories import import_tiny_module, make_user


@pytest.fixture
def served_database(database_uri, tmp_path):
    """A migrated database with the tiny module and 12 learners, closed before serving."""
    return prepare(database_uri, tmp_path)


@pytest.fixture
def served_postgres(request, tmp_path):
    """The same, on PostgreSQL only: what several servers share."""
    if not os.environ.get("TEST_DATABASE_URL"):
        pytest.skip("TEST_DATABASE_URL is not set: several servers need PostgreSQL")
    url = request.getfixturevalue("postgres_url")
    empty_postgres(url)
    return prepare(url, tmp_path)


def prepare(database_uri, tmp_path):
    """Import the tiny module and make 12 learners; close every connection."""
    app = make_app(database_uri, tmp_path)
    with app.app_context():
        import_tiny_module()
        for n in range(12):
            make_user(f"person{n}@example.org", f"Person {n}")
        db.session.remove()
        db.engine.dispose()
    return database_uri

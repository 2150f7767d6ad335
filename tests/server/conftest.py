"""Fixtures for tests that run the app under gunicorn against a real database."""

import pytest

from courseware.extensions import db
from tests.conftest import make_app
from tests.factories import import_tiny_module, make_user


@pytest.fixture
def served_database(database_uri, tmp_path):
    """A migrated database with the tiny module and 12 learners, closed before serving."""
    app = make_app(database_uri, tmp_path)
    with app.app_context():
        import_tiny_module()
        for n in range(12):
            make_user(f"person{n}@example.org", f"Person {n}")
        db.session.remove()
        db.engine.dispose()
    return database_uri

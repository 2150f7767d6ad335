"""The real SMTP server that account tests read their mail from."""

from tests.auth.test_reset_and_sessions import inbox  # noqa: F401 - fixture

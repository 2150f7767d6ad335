"""Small helpers that make test data through the real code paths."""

import re
from pathlib import Path

from werkzeug.datastructures import MultiDict

from courseware.domain.accounts import create_user
from courseware.domain.importer import ImportResult, read_and_build, store_module
from courseware.extensions import db

PACKAGES = Path(__file__).resolve().parent / "packages"
PASSWORD = "purple tea kettle morning"
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
SUBMISSION = re.compile(r'name="((?:[\w]+-)?submission)"[^>]*value="([^"]+)"')


def make_user(email: str, name: str = "Test Person", role: str = "learner", password=PASSWORD):
    """Create an account."""
    return create_user(email, name, password, role)


def import_package(source) -> ImportResult:
    """Validate and store a package (folder, zip path or zip bytes), as the import command does."""
    files, built = read_and_build(source)
    return store_module(built, files)


def import_tiny_module(path: Path | None = None):
    """Import a fixture package and return its ModuleVersion."""
    result = import_package(path or PACKAGES / "tiny-module")
    db.session.commit()
    return result.module_version


def csrf_token(client, url: str) -> str:
    """Fetch a page and read the CSRF token from its form."""
    page = client.get(url)
    match = CSRF.search(page.get_data(as_text=True))
    assert match, f"no CSRF token on {url}"
    return match.group(1)


def form_tokens(client, url: str) -> list[tuple[str, str]]:
    """Fetch a page and read its form's hidden tokens: CSRF, and the one-time submission
    tokens of create forms (each under its own name, for a page with several)."""
    text = client.get(url).get_data(as_text=True)
    match = CSRF.search(text)
    assert match, f"no CSRF token on {url}"
    tokens = {"csrf_token": match.group(1)}
    for name, value in SUBMISSION.findall(text):
        tokens.setdefault(name, value)
    return list(tokens.items())


def post_form(client, url: str, data: dict | list, token_from: str | None = None, **kwargs):
    """Post a form as a browser would, with the hidden tokens from the page that shows it."""
    items = list(data.items()) if isinstance(data, dict) else list(data)
    given = {key for key, _ in items}
    tokens = [t for t in form_tokens(client, token_from or url) if t[0] not in given]
    return client.post(url, data=MultiDict([*tokens, *items]), **kwargs)


class Auth:
    """Sign in and out through the real forms."""

    def __init__(self, client):
        self.client = client

    def login(self, email: str = "learner@example.org", password: str = PASSWORD):
        return post_form(self.client, "/login", {"email": email, "password": password})

    def logout(self):
        return post_form(self.client, "/logout", {}, token_from="/")

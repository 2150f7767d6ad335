"""Browser fixtures: a live server on loopback and Debian's Chromium driven by playwright."""

import os
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.conftest import make_app

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def browser_missing_reason() -> str | None:
    """Why browser tests cannot run here, or None when they can."""
    if not os.path.exists(CHROMIUM):
        return f"Chromium not found at {CHROMIUM} (apt-get install -y chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed"
    return None


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session; a failure, not a skip, under REQUIRE_BROWSER=1."""
    reason = browser_missing_reason()
    if reason:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def live_database(sqlite_template, tmp_path) -> str:
    """A copy of the migrated SQLite file; a test module may override this fixture to return
    database_uri, which runs its tests on PostgreSQL as well."""
    path = tmp_path / "live.sqlite"
    shutil.copy(sqlite_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def live_app(live_database, tmp_path):
    """The app on its own database, with the tiny fixture module imported."""
    from courseware import mail
    from courseware.extensions import db
    from tests.factories import import_tiny_module

    app = make_app(live_database, tmp_path, SERVER_NAME=None)
    with app.app_context():
        import_tiny_module()
        db.session.remove()
    yield app
    mail.finish_sending(app)
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def live_server(live_app):
    """Serve the app on a free loopback port in a thread; yields its base URL."""
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}"
    live_app.config["PUBLIC_URL"] = url  # what QR codes and emails link to, as a deployer sets
    yield url
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def page(browser):
    """A fresh browser page that records script errors and dialogs, and catches file dialogs."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("dialog", lambda dialog: (page.errors.append(f"dialog: {dialog.message}"),
                                      dialog.dismiss()))
    # Catch file dialogs from the start: playwright subscribes without waiting, so waiting for
    # one only when a key opens it can miss it.
    page.on("filechooser", lambda chooser: None)
    yield page
    context.close()


class Checker:
    """Runs axe on each page visited and keeps screenshots at phone and desktop widths."""

    def __init__(self, page, name: str):
        from axe_playwright_python.sync_playwright import Axe

        self.page = page
        self.axe = Axe()
        self.folder = ARTIFACTS / name
        self.folder.mkdir(parents=True, exist_ok=True)
        self.seen: list[str] = []

    def check(self, label: str) -> None:
        """Assert zero WCAG 2.2 AA violations, no sideways scrolling at 320 px (as at 400% zoom),
        and save screenshots at 375 and 1280 px."""
        self.page.wait_for_load_state("load")  # stylesheets applied before anything is judged
        results = self.axe.run(
            self.page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}}
        )
        assert results.violations_count == 0, f"{label}: {results.generate_report()}"
        assert self.page.errors == [], f"{label}: {self.page.errors}"
        size = self.page.viewport_size
        for width in (320, 375, 1280):
            self.page.set_viewport_size({"width": width, "height": 900})
            if width != 320:
                name = f"{len(self.seen):02d}-{label}-{width}.png"
                self.page.screenshot(path=str(self.folder / name), full_page=True)
            scroll = self.page.evaluate("document.documentElement.scrollWidth")
            assert scroll <= width, f"{label}: sideways scrolling at {width}px ({scroll}px wide)"
        self.page.set_viewport_size(size)
        self.seen.append(label)


@pytest.fixture
def checker(page, request):
    return Checker(page, request.node.name)

"""The application factory, configuration, health check, headers and error pages."""

from courseware import create_app
from courseware.config import instance_secret, normalise_database_url


def test_secret_key_generated_once_and_kept(tmp_path):
    first = instance_secret(tmp_path)
    assert len(first) == 64 and instance_secret(tmp_path) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_config_from_instance_file_then_environment(tmp_path, monkeypatch):
    (tmp_path / "config.py").write_text("CATALOGUE_PAGE_SIZE = 7\nSECRET_KEY = 'from-file'\n")
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@h/db")
    from flask import Flask

    from courseware.config import load_config

    app = Flask("x", instance_path=str(tmp_path), instance_relative_config=True)
    load_config(app, None)
    assert app.config["CATALOGUE_PAGE_SIZE"] == 7
    assert app.config["SECRET_KEY"] == "from-file"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@h/db"
    monkeypatch.setenv("SECRET_KEY", "from-env")
    load_config(app, None)
    assert app.config["SECRET_KEY"] == "from-env"


def test_normalise_database_url():
    assert normalise_database_url("postgres://a/b") == "postgresql+psycopg://a/b"
    assert normalise_database_url("sqlite:///x") == "sqlite:///x"


def test_healthz_reports_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "object-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_not_found_page_is_friendly(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    text = response.get_data(as_text=True)
    assert "Page not found" in text and "Go to the list of modules" in text


def test_not_found_as_json_for_machines(client):
    response = client.get("/nope", headers={"Accept": "application/json"})
    assert response.status_code == 404 and response.json["error"] == "Page not found"


def test_oversized_body_is_413(client):
    response = client.post("/login", data={"email": "x" * (2 * 1024 * 1024)})
    assert response.status_code == 413


def test_wrong_method_is_405_page(client):
    assert client.get("/logout").status_code == 405


def test_media_served_by_hash_with_nosniff(client, module):
    import re

    sha = module.data["media"]["media/square.png"]["sha256"]
    response = client.get(f"/media/{sha}")
    assert response.status_code == 200
    assert response.mimetype == "image/png"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "immutable" in response.headers["Cache-Control"]
    assert client.get("/media/" + "0" * 64).status_code == 404
    assert client.get("/media/../../etc/passwd").status_code == 404
    assert re.fullmatch(r"[0-9a-f]{64}", sha)


def test_create_app_has_no_side_effects(tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": "x",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/none.sqlite"})
    assert app.name == "courseware"
    assert not (tmp_path / "none.sqlite").exists()


def test_proxy_fix_trusts_one_hop_when_configured(tmp_path):
    from flask import request

    def make(hops):
        app = create_app({"TESTING": True, "SECRET_KEY": "x", "PROXY_FIX_HOPS": hops,
                          "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/p.sqlite"})
        app.add_url_rule("/whoami", "whoami", lambda: f"{request.remote_addr} {request.scheme}")
        return app

    headers = {"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"}
    behind = make(1).test_client().get("/whoami", headers=headers).get_data(as_text=True)
    direct = make(0).test_client().get("/whoami", headers=headers).get_data(as_text=True)
    assert behind == "203.0.113.9 https"
    assert direct == "127.0.0.1 http"


def test_static_files_are_fingerprinted_and_cached_long(client):
    import re

    page = client.get("/").get_data(as_text=True)
    href = re.search(r'href="(/static/css/site\.css\?v=[0-9a-f]{12})"', page).group(1)
    response = client.get(href)
    assert response.status_code == 200
    assert "max-age=31536000" in response.headers["Cache-Control"]
    assert "immutable" in response.headers["Cache-Control"]
    plain = client.get("/static/css/site.css")
    assert "max-age=31536000" not in plain.headers.get("Cache-Control", "")


def test_assets_are_compressed_but_not_pages_with_secrets(client):
    css = client.get("/static/css/site.css", headers={"Accept-Encoding": "gzip"})
    assert css.headers.get("Content-Encoding") == "gzip"
    page = client.get("/login", headers={"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in page.headers  # BREACH: tokens beside chosen text
    tiny = client.get("/healthz", headers={"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in tiny.headers


def test_nul_bytes_are_refused_everywhere(client, module):
    """PostgreSQL cannot store NUL; no person types one. Every way in answers 400, never 500."""
    assert client.get("/?q=%00").status_code == 400
    assert client.get("/modules/tiny%00module").status_code in (400, 404)
    assert client.post("/login", data={"email": "\x00", "password": "x"}).status_code == 400
    assert client.get("/verify/AAAA%00").status_code in (400, 404)


def test_waits_are_said_in_minutes_and_hours_rounded_up():
    from courseware.errors import wait_in_words

    assert wait_in_words(527) == "9 minutes"
    assert wait_in_words(1) == wait_in_words(60) == "1 minute"
    assert wait_in_words(61) == "2 minutes"
    assert wait_in_words(3600) == "1 hour"
    assert wait_in_words(3601 + 60) == "1 hour and 2 minutes"
    assert wait_in_words(2 * 3600) == "2 hours"

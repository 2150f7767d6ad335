"""Configuration: defaults, then instance/config.py, then environment variables."""

import os
import secrets
from pathlib import Path

from flask import Flask

from courseware.sessions import cookie_lifetime

DEFAULTS = {
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},  # dropped below for SQLite (a file)
    # A sign-in ends after SESSION_LIFETIME_HOURS without activity. The cookie is not re-signed
    # on each request, only once it is older than a twelfth of that (courseware/sessions.py).
    "SESSION_REFRESH_EACH_REQUEST": False,
    "MAX_CONTENT_LENGTH": 1024 * 1024,  # uploads raise it per request
    "MAX_FORM_MEMORY_SIZE": 512 * 1024,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    "WTF_CSRF_TIME_LIMIT": None,
    "CATALOGUE_PAGE_SIZE": 20,
    # HTML is not compressed here: pages carry CSRF tokens next to text a visitor can choose,
    # which is what the BREACH attack needs. Let a proxy compress HTML only if it masks them.
    "COMPRESS_MIMETYPES": ["text/css", "text/csv", "text/javascript", "application/javascript",
                           "application/json", "image/svg+xml"],
    "COMPRESS_MIN_SIZE": 1024,
    "COMPRESS_ALGORITHM": ["br", "gzip"],
    # Rate limits count in the app's database (courseware/rate_limits.py), or in Redis when
    # REDIS_URL is set (in the database while Redis is down, courseware/limit_fallback.py):
    # either way every worker and server counts together. memory:// counts per process (for
    # tests that want it).
    "RATELIMIT_STORAGE_URI": "database://",
    "RATELIMIT_STRATEGY": "fixed-window",
    # Failed sign-ins (courseware/auth/throttle.py): per account from one address; per address
    # over every account; per account from addresses it has not signed in from lately.
    "LOGIN_LIMIT_PER_ACCOUNT_AND_ADDRESS": "10 per 10 minutes",
    "LOGIN_LIMIT_PER_ADDRESS": "30 per 10 minutes",
    "LOGIN_LIMIT_PER_ACCOUNT": "50 per hour; 200 per day",
    "KNOWN_ADDRESS_DAYS": 90,
    # Password checks of a signed-in account (changing email or password, deleting it).
    "PASSWORD_CHECK_LIMIT_PER_ACCOUNT": "10 per hour",
    "RESET_LIMIT_PER_ADDRESS": "10 per hour",
    "RESET_LIMIT_PER_ACCOUNT": "3 per hour",
    "RESET_TOKEN_MAX_AGE": 3600,
    "WELCOME_LINK_DAYS": 7,  # how long the link to set a new account's first password works
    "EMAIL_CHANGE_MAX_AGE": 24 * 3600,  # how long a link to confirm a new email address works
    "EMAIL_CHANGE_LIMIT_PER_ACCOUNT": "5 per hour",
    "SESSION_LIFETIME_HOURS": 12,
    "PROXY_FIX_HOPS": 0,
    "PASSWORD_HASH_METHOD": "scrypt:32768:8:1",
    "MAIL_SERVER": None,
    "MAIL_PORT": 25,
    "MAIL_USE_TLS": False,
    "MAIL_DEFAULT_SENDER": "CPD Learning <no-reply@localhost>",
    "ORGANISATION_NAME": "CPD Learning",  # how emails sign off
    "MAIL_RETRY_FIRST_SECONDS": 60,  # the first pause before trying an email again; then doubled
    # Whether /healthz reports the job queue and the worker (courseware/health.py); None: yes,
    # unless testing.
    "JOBS_HEALTH": None,
    "RATELIMIT_HEADERS_ENABLED": True,
}

# Environment variables read into the config, with the type to parse them as.
ENVIRONMENT = {
    "DATABASE_URL": str,
    "REDIS_URL": str,
    "SECRET_KEY": str,
    "SESSION_COOKIE_SECURE": "bool",
    "MAX_CONTENT_LENGTH": int,
    "SESSION_LIFETIME_HOURS": int,
    "PROXY_FIX_HOPS": int,
    "RATELIMIT_STORAGE_URI": str,
    "RATELIMIT_KEY_PREFIX": str,
    "CERTIFICATE_PDF_LIMIT": str,
    "LOGIN_LIMIT_PER_ADDRESS": str,
    "LOGIN_LIMIT_PER_ACCOUNT": str,
    "LOGIN_LIMIT_PER_ACCOUNT_AND_ADDRESS": str,
    "KNOWN_ADDRESS_DAYS": int,
    "PASSWORD_CHECK_LIMIT_PER_ACCOUNT": str,
    "RESET_LIMIT_PER_ADDRESS": str,
    "RESET_LIMIT_PER_ACCOUNT": str,
    "EMAIL_CHANGE_LIMIT_PER_ACCOUNT": str,
    "PUBLIC_URL": str,
    "TRUSTED_HOSTS": str,  # extra host names, comma separated
    "COURSEWARE_ENV": str,  # "development" on a developer's machine (`make run`)
    "SERVER_NAME": str,
    "MAIL_SERVER": str,
    "MAIL_PORT": int,
    "MAIL_USE_TLS": "bool",
    "MAIL_USERNAME": str,
    "MAIL_PASSWORD": str,
    "MAIL_DEFAULT_SENDER": str,
    "ORGANISATION_NAME": str,
    "MAIL_RETRY_FIRST_SECONDS": int,
    "JOBS_STORAGE": str,  # "sqlite" (the default; instance/jobs.sqlite), "redis" or "memory"
    "JOBS_SQLITE_FILE": str,
    "JOBS_HEALTH": "bool",
    "CPD_TIMEZONE": str,  # where the learners are (courseware/clock.py)
    "CPD_STANDARDS_FILE": str,
    "PREFERRED_URL_SCHEME": str,
    "CERTIFICATE_SIGNING_KEY": str,
    "PASSWORD_HASH_METHOD": str,
}


def load_config(app: Flask, test_config: dict | None) -> None:
    """Fill app.config from defaults, the instance folder, the environment and test_config."""
    app.config.from_mapping(DEFAULTS)
    app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + os.path.join(
        app.instance_path, "courseware.sqlite"
    )
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        for name, kind in ENVIRONMENT.items():
            if name in os.environ:
                app.config[name] = _parse(os.environ[name], kind)
    else:
        app.config.from_mapping(test_config)
    if app.config.get("DATABASE_URL"):
        app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(app.config["DATABASE_URL"])
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        options = app.config["SQLALCHEMY_ENGINE_OPTIONS"] = dict(
            app.config["SQLALCHEMY_ENGINE_OPTIONS"])
        options.pop("pool_pre_ping", None)
    app.config["PERMANENT_SESSION_LIFETIME"] = cookie_lifetime(app.config["SESSION_LIFETIME_HOURS"])
    if app.config.get("REDIS_URL"):
        app.config["RATELIMIT_STORAGE_URI"] = "fallback+" + app.config["REDIS_URL"]
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret(Path(app.instance_path))


def normalise_database_url(url: str) -> str:
    """Point plain postgresql:// URLs at the psycopg 3 driver."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def instance_secret(instance: Path) -> str:
    """Return the deployment's secret key, generating it once into the instance folder."""
    path = instance / "secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        pass
    instance.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    draft = instance / f".secret_key.{os.getpid()}.{secrets.token_hex(4)}"
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(key)
    try:
        os.link(draft, path)  # appears whole or not at all, so no worker reads half a key
    except FileExistsError:  # another worker won the race: use its key
        return path.read_text().strip()
    finally:
        draft.unlink()
    return key


def _parse(value: str, kind):
    if kind == "bool":
        return value.strip().lower() in {"1", "true", "yes", "on"}
    return kind(value)

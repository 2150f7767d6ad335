"""Courseware: a self-directed CPD e-learning server."""

import importlib
import os

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from courseware import (
    cli,
    clock,
    errors,
    jobs,
    limit_fallback,  # noqa: F401 - registers the fallback+redis:// storage
    links,
    public_url,
    rate_limits,  # noqa: F401 - registers the database:// storage
    security,
)
from courseware.config import load_config
from courseware.database import configure_engine
from courseware.extensions import compress, csrf, db, limiter, login_manager, migrate
from courseware.numbers import IdConverter
from courseware.static_files import init_static


def create_app(test_config: dict | None = None) -> Flask:
    """Build the application: config, extensions, blueprints, CLI; no side effects."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder="../templates",
        static_folder="static",
    )
    load_config(app, test_config)
    public_url.init_app(app)
    configure_proxy(app)
    configure_extensions(app)
    configure_blueprints(app)
    configure_jobs(app)
    security.init_app(app)
    links.init_app(app)
    configure_templates(app)
    errors.init_app(app)
    cli.init_app(app)
    return app


def configure_proxy(app: Flask) -> None:
    """Trust X-Forwarded-* headers from PROXY_FIX_HOPS reverse proxies (0: none)."""
    hops = int(app.config.get("PROXY_FIX_HOPS", 0))
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops,
                                x_prefix=hops)


def configure_extensions(app: Flask) -> None:
    """Bind the bare extensions to this app."""
    db.init_app(app)
    with app.app_context():
        configure_engine(app, db.engine)
    migrate.init_app(
        app, db, directory=app.config.get("MIGRATIONS_DIR", _migrations_dir()), render_as_batch=True
    )
    csrf.init_app(app)
    login_manager.init_app(app)
    limiter.init_app(app)
    compress.init_app(app)
    init_static(app)


def configure_templates(app: Flask) -> None:
    """Filters every template may use: `value|day` and `moment|local_time`, where the learners
    are."""
    app.add_template_filter(clock.day_text, "day")
    app.add_template_filter(clock.time_text, "local_time")


# Each blueprint, then the modules that add its routes (as flaskr does: no import tails).
BLUEPRINTS = {
    "courseware.main": ["views"],
    "courseware.auth": ["views"],
    "courseware.catalogue": ["views"],
    "courseware.learn": ["views", "filters"],
    "courseware.cpd": [
        "cli", "record_views", "entry_views", "attachment_views", "sharing_views",
    ],
    "courseware.authoring": ["drafts", "steps", "quizzes", "files", "publishing", "preview"],
    "courseware.certificates": ["views"],
    "courseware.manage": ["views", "admin"],
    "courseware.notifications": [
        "views", "calendar_feed", "admin_views", "assignment_emails", "reminder_emails",
        "account_emails", "account_security_emails", "digest_emails",
    ],
}


def configure_blueprints(app: Flask) -> None:
    """Register one blueprint per feature; every <int:...> in a route is a database id."""
    app.url_map.converters["int"] = IdConverter
    for name, view_modules in BLUEPRINTS.items():
        for module in view_modules:
            importlib.import_module(f"{name}.{module}")
        app.register_blueprint(importlib.import_module(name).bp)
    configure_signals()


def configure_jobs(app: Flask) -> None:
    """The job queue, and the jobs the worker runs."""
    from courseware.notifications import tasks

    jobs.init_app(app)
    tasks.init_app(app)


def configure_signals() -> None:
    """Features that act when a module is completed, in the transaction that completes it."""
    from courseware.cpd.draft_entries import on_module_completed as draft_entry
    from courseware.domain.certificates import on_module_completed as certificate
    from courseware.domain.signals import module_completed

    module_completed.connect(draft_entry)
    module_completed.connect(certificate)


def _migrations_dir() -> str:
    return os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "migrations")

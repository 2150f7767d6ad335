"""Courseware: a self-directed CPD e-learning server."""

from flask import Flask

from courseware import cli, errors, security
from courseware.config import load_config
from courseware.extensions import csrf, db, login_manager, migrate


def create_app(test_config: dict | None = None) -> Flask:
    """Build the application: config, extensions, blueprints, CLI; no side effects."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder="../templates",
        static_folder="static",
    )
    load_config(app, test_config)
    configure_extensions(app)
    configure_blueprints(app)
    security.init_app(app)
    errors.init_app(app)
    cli.init_app(app)
    return app


def configure_extensions(app: Flask) -> None:
    """Bind the bare extensions to this app."""
    db.init_app(app)
    migrate.init_app(
        app, db, directory=app.config.get("MIGRATIONS_DIR", _migrations_dir()), render_as_batch=True
    )
    csrf.init_app(app)
    login_manager.init_app(app)


def configure_blueprints(app: Flask) -> None:
    """Register one blueprint per feature."""
    from courseware.auth import bp as auth_bp
    from courseware.catalogue import bp as catalogue_bp
    from courseware.learn import bp as learn_bp
    from courseware.main import bp as main_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(catalogue_bp)
    app.register_blueprint(learn_bp)


def _migrations_dir() -> str:
    import os

    return os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "migrations")

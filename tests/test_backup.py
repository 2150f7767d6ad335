"""flask backup: a consistent copy of the live SQLite database that restores with the data."""

import sqlalchemy as sa

from courseware.extensions import db


def test_backup_restores_with_the_data(app, runner, module, learner, tmp_path):
    if db.engine.url.get_backend_name() != "sqlite":
        result = runner.invoke(args=["backup", str(tmp_path / "x.sqlite")])
        assert result.exit_code != 0 and "pg_dump" in result.output
        return
    target = tmp_path / "backups" / "copy.sqlite"
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    restored = sa.create_engine(f"sqlite:///{target}")
    with restored.connect() as conn:
        assert conn.execute(sa.text("SELECT email FROM user")).scalar() == "learner@example.org"
        title = conn.execute(sa.text("SELECT title FROM module_version")).scalar()
        assert title.startswith("A tiny")
        assert conn.execute(sa.text("PRAGMA integrity_check")).scalar() == "ok"
    restored.dispose()
    again = runner.invoke(args=["backup", str(target)])
    assert again.exit_code != 0 and "already exists" in again.output


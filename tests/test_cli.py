"""The command line: modules validate/import/list, users create, demo."""

import re
import shutil

from sqlalchemy import func, select

from courseware.domain.accounts import authenticate
from courseware.extensions import db
from courseware.models import ModuleVersion, User
from tests.factories import PACKAGES

ROOT = PACKAGES.parent.parent


def test_validate_good_and_bad(runner, tmp_path):
    good = runner.invoke(args=["modules", "validate", str(PACKAGES / "tiny-module")])
    assert good.exit_code == 0 and "valid" in good.output
    broken = tmp_path / "broken"
    shutil.copytree(PACKAGES / "tiny-module", broken)
    text = (broken / "module.yaml").read_text()
    (broken / "module.yaml").write_text(text.replace("duration_minutes:", "duraton_minutes:"))
    bad = runner.invoke(args=["modules", "validate", str(PACKAGES / "tiny-module"), str(broken)])
    assert bad.exit_code == 1
    assert "module.yaml:6:" in bad.output and "duration_minutes" in bad.output


def test_import_is_idempotent_and_refuses_changed_content(runner, tmp_path):
    first = runner.invoke(args=["modules", "import", str(PACKAGES / "tiny-module")])
    assert first.exit_code == 0 and "created" in first.output
    again = runner.invoke(args=["modules", "import", str(PACKAGES / "tiny-module")])
    assert again.exit_code == 0 and "unchanged" in again.output
    assert db.session.scalar(select(func.count(ModuleVersion.id))) == 1

    changed = tmp_path / "changed"
    shutil.copytree(PACKAGES / "tiny-module", changed)
    (changed / "lessons" / "01-welcome.md").write_text("# Changed\n")
    refused = runner.invoke(args=["modules", "import", str(changed)])
    assert refused.exit_code == 1 and "new version number" in refused.output
    assert db.session.scalar(select(func.count(ModuleVersion.id))) == 1


def test_import_a_zip(runner, tmp_path):
    archive = shutil.make_archive(str(tmp_path / "tiny"), "zip", PACKAGES, "tiny-module")
    result = runner.invoke(args=["modules", "import", archive])
    assert result.exit_code == 0, result.output
    listing = runner.invoke(args=["modules", "list"])
    assert "tiny-module 1.0.0 A tiny module for tests (current)" in listing.output


def test_shipped_modules_are_valid_and_import(runner):
    result = runner.invoke(args=["modules", "validate", str(ROOT / "modules")])
    assert result.exit_code == 0, result.output
    assert result.output.count(": valid") >= 2
    imported = runner.invoke(args=["modules", "import", str(ROOT / "modules")])
    assert imported.exit_code == 0, imported.output


def test_users_create_reads_password_from_stdin(runner):
    result = runner.invoke(
        args=["users", "create", "Trainer@Example.org", "--role", "trainer", "--name", "Tess"],
        input="a long enough password\n",
    )
    assert result.exit_code == 0, result.output
    user = authenticate("trainer@example.org", "a long enough password")
    assert user is not None and user.role == "trainer" and user.name == "Tess"
    again = runner.invoke(args=["users", "create", "trainer@example.org", "--name", "T"],
                          input="a long enough password\n")
    assert again.exit_code != 0 and "already exists" in again.output
    short = runner.invoke(args=["users", "create", "x@example.org", "--name", "X"], input="short\n")
    assert short.exit_code != 0 and "12 characters" in short.output


def test_demo_imports_modules_and_prints_accounts(runner):
    result = runner.invoke(args=["demo", "--modules", str(ROOT / "modules")])
    assert result.exit_code == 0, result.output
    assert "local use only" in result.output
    password = re.search(r"new each time this runs: (\S+)", result.output).group(1)
    assert authenticate("learner@example.org", password).role == "learner"
    assert authenticate("admin@example.org", password).role == "admin"
    assert db.session.scalar(select(func.count(User.id))) == 4
    assert db.session.scalar(select(func.count(ModuleVersion.id))) >= 2
    again = runner.invoke(args=["demo", "--modules", str(ROOT / "modules")])
    assert again.exit_code == 0 and "unchanged" in again.output
    assert authenticate("learner@example.org", password) is None  # a new password each run
    assert db.session.scalar(select(func.count(User.id))) == 4

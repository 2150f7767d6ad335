"""Command-line tools, grouped by noun: flask modules ..., users ..., teams ..., certificates ...,
demo."""

import secrets
import sys
import time
from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import select

from courseware import clock
from courseware.certificates.cli import certificates_cli
from courseware.content import PackageError, read_package, validate_package
from courseware.content.words import line_of
from courseware.domain.accounts import AccountError, create_user, find_user, set_password
from courseware.domain.importer import build_many, store_module
from courseware.extensions import db
from courseware.models import ROLES, Module, ModuleVersion, User

modules_cli = AppGroup("modules", help="Validate, import and list course packages.")
users_cli = AppGroup("users", help="Manage accounts.")

DEMO_ACCOUNTS = [
    ("learner@example.org", "Demo Learner", "learner"),
    ("trainer@example.org", "Demo Trainer", "trainer"),
    ("manager@example.org", "Demo Manager", "manager"),
    ("admin@example.org", "Demo Admin", "admin"),
]


def package_paths(paths: tuple[str, ...]) -> list[Path]:
    """Expand each folder of packages (sub-folders with module.yaml, or zips) into packages."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir() and not (path / "module.yaml").exists():
            found.extend(sorted(p.parent for p in path.glob("*/module.yaml")))
            found.extend(sorted(path.glob("*.zip")))
        else:
            found.append(path)
    return found


@modules_cli.command("validate")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
def validate_command(paths):
    """Check packages (folders or zips); exit 1 if any has errors (warnings alone do not)."""
    failed = 0
    for path in package_paths(paths):
        try:
            problems = validate_package(read_package(path))
        except PackageError as error:
            problems = error.errors
        errors = [p for p in problems if isinstance(p, str) or not p.warning]
        warnings = len(problems) - len(errors)
        noted = f"{warnings} warning(s)" if warnings else ""
        if errors:
            failed += 1
            click.echo(f"{path}: {len(errors)} error(s)" + (f", {noted}" if noted else ""))
        else:
            click.echo(f"{path}: valid" + (f", with {noted}" if noted else ""))
        for problem in problems:
            click.echo(f"  {line_of(problem)}")
    sys.exit(1 if failed else 0)


@modules_cli.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
def import_command(paths):
    """Import packages (folders or zips); importing the same content again changes nothing."""
    failed = import_paths(package_paths(paths))
    sys.exit(1 if failed else 0)


def import_paths(paths: list[Path]) -> int:
    """Import each package, printing what happened; return how many failed."""
    failed = 0
    for path, outcome in build_many(paths):
        try:
            if isinstance(outcome, PackageError):
                raise outcome
            files, built = outcome
            result = store_module(built, files)
            db.session.commit()
        except PackageError as error:
            db.session.rollback()
            failed += 1
            click.echo(f"{path}: not imported")
            for problem in error.errors:
                click.echo(f"  {line_of(problem)}")
        else:
            click.echo(f"{path}: {result.slug} {result.version} {result.status}")
    return failed


@modules_cli.command("list")
def list_command():
    """List modules and their versions."""
    rows = db.session.execute(
        select(Module, ModuleVersion)
        .join(ModuleVersion, ModuleVersion.module_id == Module.id)
        .order_by(Module.slug, ModuleVersion.version_key)
    )
    for module, version in rows:
        marks = []
        if version.id == module.current_version_id:
            marks.append("current")
        if module.retired_at:
            marks.append("retired")
        suffix = f" ({', '.join(marks)})" if marks else ""
        click.echo(f"{module.slug} {version.version} {version.title}{suffix}")


@users_cli.command("create")
@click.argument("email")
@click.option("--role", "role_name", type=click.Choice(ROLES), default="learner")
@click.option("--name", required=True, help="The person's name, as on certificates.")
def create_user_command(email, role_name, name):
    """Create an account; the password comes from standard input or a prompt."""
    if sys.stdin.isatty():
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    try:
        user = create_user(email, name, password, role_name)
    except AccountError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Created {user.role} {user.email}")


@users_cli.command("list")
@click.option("--role", "role_name", type=click.Choice(ROLES), help="Only people with this role.")
def list_users_command(role_name):
    """List accounts: email, role and name."""
    statement = select(User).where(User.deleted_at.is_(None)).order_by(User.email)
    if role_name:
        statement = statement.where(User.role == role_name)
    for user in db.session.scalars(statement):
        click.echo(f"{user.email}\t{user.role}\t{user.name}")


@users_cli.command("set-role")
@click.argument("email")
@click.argument("role_name", metavar="ROLE", type=click.Choice(ROLES))
def set_role_command(email, role_name):
    """Change someone's role (learner, trainer, manager or admin)."""
    from courseware.manage.people import TeamError, set_role

    user = find_user(email)
    if user is None:
        raise click.ClickException(f"Nobody has an account with the email address {email}.")
    try:
        set_role(user, role_name)
    except TeamError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"{user.email} is now a {user.role}")


@click.command("demo")
@click.option("--modules", "modules_dir", default="modules", type=click.Path())
@click.option("--learners", type=click.IntRange(0, 1_000_000), default=0,
              help="Also make this many learners in teams of 100, with 50 modules, 20 "
                   "completed steps each, quiz attempts and assignments (for benchmarks).")
def demo_command(modules_dir, learners):
    """Import the shipped modules and (re)create demo accounts with a fresh password; with
    --learners, add a large made-up organisation (demo accounts then keep their password)."""
    if Path(modules_dir).is_dir():
        import_paths(package_paths((modules_dir,)))
    password = "-".join(secrets.token_hex(3) for _ in range(4))
    keep = learners > 0
    click.echo("")
    click.echo("Demo accounts, for local use only (never on a real server).")
    if keep:
        click.echo("Existing demo accounts keep their password; new ones get this one: "
                   f"{password}")
    else:
        click.echo(f"Their password, new each time this runs: {password}")
    accounts = {}
    for email, name, role_name in DEMO_ACCOUNTS:
        user = find_user(email)
        if user is None:
            user = create_user(email, name, password, role_name)
        elif not keep:
            set_password(user, password)
        accounts[role_name] = user
        click.echo(f"  {role_name:8} {email}")
        from courseware.manage.demo import demo_team, generate

    demo_team(accounts["manager"], accounts["learner"], clock.today())
    if keep:
        started = time.monotonic()
        made = generate(learners, clock.today(), Path(modules_dir), manager=accounts["manager"],
                        learner=accounts["learner"])
        if made is None:
            click.echo("The demo organisation is already there: nothing added.")
            return
        click.echo(f"Made {made.learners} learners in {made.teams} teams, {made.modules} more "
                   f"modules, {made.assignments} assignments, {made.enrolments} enrolments, "
                   f"{made.progress} progress rows and {made.attempts} quiz attempts in "
                   f"{time.monotonic() - started:.1f} s. "
                   f"{accounts['manager'].email} manages the first two teams.")


def init_app(app: Flask) -> None:
    """Register the command groups."""
    app.cli.add_command(modules_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(certificates_cli)
    app.cli.add_command(demo_command)
    app.cli.add_command(backup_command)
    from courseware.manage.cli import teams_cli

    app.cli.add_command(teams_cli)


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False))
def backup_command(path):
    """Copy the live SQLite database consistently (online backup API) to PATH."""
    from courseware.backup import BackupError, backup_sqlite

    try:
        pages = backup_sqlite(db.engine.url, Path(path))
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Backed up {pages} pages to {path}")

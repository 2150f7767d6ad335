"""flask cpd ...: check the standards framework a deployment uses."""

import sys

import click
from flask import current_app

from courseware.cpd import bp
from courseware.cpd.standards import FrameworkError, load_framework


@bp.cli.command("standards")
@click.argument("path", required=False, type=click.Path(dir_okay=False))
def standards_command(path):
    """Check a standards file (default: the one in force) and list its standards; exit 1 if
    it cannot be used."""
    path = path or current_app.config.get("CPD_STANDARDS_FILE")
    try:
        framework = load_framework(path)
    except FrameworkError as error:
        click.echo(f"{error.path}: not usable")
        for problem in error.problems:
            click.echo(f"  {problem}")
        sys.exit(1)
    click.echo(framework.name)
    for section in framework.sections:
        click.echo(f"{section.number}. {section.title}")
        for standard in section.standards:
            click.echo(f"  {standard.label}")

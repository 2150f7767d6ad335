"""flask teams ...: make teams, and say who is in them and who manages them."""

import sys
from pathlib import Path

import click
from flask.cli import AppGroup

from courseware.extensions import db
from courseware.manage.people import (
    TeamError,
    add_manager,
    add_member,
    create_team,
    delete_team,
    find_team,
    import_people,
    parse_people_csv,
    remove_manager,
    remove_member,
    team_lines,
    team_people,
)

teams_cli = AppGroup("teams", help="Make teams and say who is in them and who manages them.")


def _team(name_or_id: str):
    team = find_team(name_or_id)
    if team is None:
        raise click.ClickException(f"No team is called {name_or_id!r}. "
                                   "See them with: flask teams list")
    return team


def _run(action, *args):
    """Run a change and commit it; a TeamError is said plainly."""
    try:
        result = action(*args)
        db.session.commit()
    except TeamError as error:
        raise click.ClickException(str(error)) from error
    return result


@teams_cli.command("list")
def list_command():
    """List the teams with their number of learners and their managers."""
    for line in team_lines():
        click.echo(f"{line.id}\t{line.name}\t{line.members} learners\t"
                   f"managed by: {line.managers or 'nobody'}")


@teams_cli.command("create")
@click.argument("name")
def create_command(name):
    """Make a team."""
    team = _run(create_team, name)
    click.echo(f"Made team {team.id}: {team.name}")


@teams_cli.command("show")
@click.argument("team")
def show_command(team):
    """List a team's managers and learners."""
    found = _team(team)
    learners, managers = team_people(found.id)
    click.echo(f"{found.name}")
    click.echo("Managers:")
    for person in managers:
        click.echo(f"  {person.email}\t{person.name}")
    click.echo(f"Learners ({len(learners)}):")
    for person in learners:
        click.echo(f"  {person.email}\t{person.name}")


@teams_cli.command("add-member")
@click.argument("team")
@click.argument("emails", nargs=-1, required=True)
def add_member_command(team, emails):
    """Put people (who have accounts) in a team."""
    found = _team(team)
    for email in emails:
        person = _run(add_member, found, email)
        click.echo(f"{person.email} is now in {found.name}")


@teams_cli.command("remove-member")
@click.argument("team")
@click.argument("email")
def remove_member_command(team, email):
    """Take someone out of a team; their learning records stay."""
    from courseware.domain.accounts import find_user

    found, person = _team(team), find_user(email)
    if person is None or not remove_member(found.id, person.id):
        raise click.ClickException(f"{email} is not in {found.name}.")
    click.echo(f"{person.email} is no longer in {found.name}")


@teams_cli.command("add-manager")
@click.argument("team")
@click.argument("email")
def add_manager_command(team, email):
    """Make someone (with the manager or admin role) a manager of a team."""
    found = _team(team)
    person = _run(add_manager, found, email)
    click.echo(f"{person.email} now manages {found.name}")


@teams_cli.command("remove-manager")
@click.argument("team")
@click.argument("email")
def remove_manager_command(team, email):
    """Stop someone managing a team."""
    from courseware.domain.accounts import find_user

    found, person = _team(team), find_user(email)
    if person is None or not remove_manager(found.id, person.id):
        raise click.ClickException(f"{email} does not manage {found.name}.")
    click.echo(f"{person.email} no longer manages {found.name}")


@teams_cli.command("import")
@click.argument("team")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def import_command(team, path):
    """Add the people in a CSV file of name,email to a team, making accounts for those who
    have none (each is emailed a link to choose their password)."""
    found = _team(team)
    rows, problems = parse_people_csv(Path(path).read_bytes())
    if problems:
        click.echo("Nobody was added. Put these right in the file, then run this again:")
        for problem in problems:
            click.echo(f"  {problem}")
        sys.exit(1)
    result = _run(import_people, found, rows)
    click.echo(f"{len(result.added) + len(result.created)} added to {found.name}: "
               f"{len(result.created)} new accounts, {len(result.already)} already in the team")
    if result.created:
        click.echo("New accounts are emailed a link to choose their password (the worker "
                   "sends it: flask jobs run-once, or the running worker).")


@teams_cli.command("delete")
@click.argument("team")
@click.option("--yes", is_flag=True, help="Do not ask first.")
def delete_command(team, yes):
    """Delete a team and its assignments; its people and their records stay."""
    found = _team(team)
    if not yes:
        click.confirm(f"Delete the team {found.name}?", abort=True)
    delete_team(found)
    click.echo(f"Deleted team {found.name}")

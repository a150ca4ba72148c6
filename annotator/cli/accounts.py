"""Account commands: `annotator create-user`."""

from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext

from annotator.database import unit_of_work
from annotator.extensions import db
from annotator.services.users import UserError, create_user


@click.command("create-user")
@click.argument("name")
@click.option("--role", type=click.Choice(["admin", "reviewer", "editor"]), default="editor")
@click.option("--display-name", default="", help="The name pages show, e.g. 王芳 (default: NAME).")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@with_appcontext
def create_user_command(name: str, role: str, display_name: str, password_stdin: bool) -> None:
    """Create a user; without --password-stdin, ask for the password."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        with unit_of_work(db.session):
            create_user(db.session, name, password, role=role, display_name=display_name)
    except UserError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"created {role} {name}")

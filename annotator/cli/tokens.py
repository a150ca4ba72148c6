"""`annotator create-token`."""

from __future__ import annotations

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from annotator.database import unit_of_work
from annotator.extensions import db
from annotator.models import User
from annotator.services.tokens import TokenError, create_token


@click.command("create-token")
@click.argument("username")
@click.option("--name", default="", help="What the token is for, to recognise it later.")
@with_appcontext
def create_token_command(username: str, name: str) -> None:
    """Create a personal API token for USERNAME and print it (it is shown only once)."""
    user = db.session.scalar(select(User).where(User.username == username))
    if user is None:
        raise click.ClickException(f"no user {username!r}")
    try:
        with unit_of_work(db.session):
            _, token = create_token(db.session, user, name)
    except TokenError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(token)
    click.echo(
        "Store it now: it cannot be shown again. Send it as 'Authorization: Bearer <token>'.",
        err=True,
    )

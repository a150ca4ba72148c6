"""Repeated-passage commands: `annotator link-duplicates`."""

from __future__ import annotations

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from annotator.extensions import db
from annotator.models import Article
from annotator.services.duplicates import rebuild_links


@click.command("link-duplicates")
@with_appcontext
def link_duplicates_command() -> None:
    """Recompute the links between repeated passages across all articles."""
    ids = list(db.session.scalars(select(Article.id).order_by(Article.id)))
    links = rebuild_links(db.session, ids)
    db.session.commit()
    click.echo(f"{links} link(s) between repeated passages")

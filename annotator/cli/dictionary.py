"""Dictionary commands: the newsroom's jieba words and the stance-holder aliases."""

from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext

from annotator.cli.output import echo_json
from annotator.cli.search import reindex_stale
from annotator.database import unit_of_work
from annotator.extensions import db
from annotator.services import wordlists
from annotator.services.search import index_state
from annotator.services.tokenizer import get_tokenizer


@click.group("dict")
def dict_group() -> None:
    """The newsroom's jieba dictionary."""


@dict_group.command("add")
@click.argument("word")
@click.option("--freq", type=int, help="jieba frequency (higher: kept whole more readily).")
@click.option("--tag", help="Part of speech, e.g. n, nr (person), nt (organisation), nz.")
@click.option("--no-reindex", is_flag=True, help="Leave re-indexing for later.")
@with_appcontext
def dict_add(word: str, freq: int | None, tag: str | None, no_reindex: bool) -> None:
    """Add WORD to the dictionary and re-segment the index."""
    try:
        with unit_of_work(db.session):
            wordlists.add_dictionary_word(db.session, word, freq, tag)
    except wordlists.WordListError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"added {word.strip()}")
    _after_dictionary_change(no_reindex)


@dict_group.command("remove")
@click.argument("word")
@click.option("--no-reindex", is_flag=True, help="Leave re-indexing for later.")
@with_appcontext
def dict_remove(word: str, no_reindex: bool) -> None:
    """Remove WORD (one added in the app) and re-segment the index."""
    try:
        with unit_of_work(db.session):
            wordlists.remove_dictionary_word(db.session, word)
    except wordlists.WordListError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"removed {word.strip()}")
    _after_dictionary_change(no_reindex)


def _after_dictionary_change(no_reindex: bool) -> None:
    if no_reindex:
        stale = index_state(db.session, get_tokenizer(db.session)).stale
        click.echo(f"{stale} article(s) need re-indexing: run `annotator reindex`")
        return
    articles, passages = reindex_stale(sys.stderr.isatty())
    click.echo(f"re-indexed {articles} article(s); {passages} passage(s) changed")


@dict_group.command("list")
@click.option("--json", "as_json", is_flag=True)
@with_appcontext
def dict_list(as_json: bool) -> None:
    """List the shipped and the added dictionary words."""
    entries = wordlists.list_dictionary(db.session)
    if as_json:
        echo_json(
            [{"word": e.word, "freq": e.freq, "tag": e.tag, "shipped": e.shipped} for e in entries]
        )
        return
    for e in entries:
        origin = "shipped" if e.shipped else "added"
        click.echo(f"{e.word}\t{e.freq or ''}\t{e.tag or ''}\t{origin}")


@click.group("alias")
def alias_group() -> None:
    """Stance-holder aliases: ways of naming one holder."""


@alias_group.command("add")
@click.argument("alias")
@click.argument("canonical")
@with_appcontext
def alias_add(alias: str, canonical: str) -> None:
    """Make ALIAS mean the holder CANONICAL (e.g. 杨立昆 -> "Yann LeCun")."""
    try:
        with unit_of_work(db.session):
            wordlists.add_alias(db.session, alias, canonical)
    except wordlists.WordListError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{alias.strip()} -> {canonical.strip()}")


@alias_group.command("remove")
@click.argument("alias")
@with_appcontext
def alias_remove(alias: str) -> None:
    """Forget ALIAS."""
    try:
        with unit_of_work(db.session):
            wordlists.remove_alias(db.session, alias)
    except wordlists.WordListError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"removed {alias.strip()}")


@alias_group.command("list")
@with_appcontext
def alias_list() -> None:
    """List aliases and their canonical names."""
    for row in wordlists.list_aliases(db.session):
        click.echo(f"{row.alias}\t{row.canonical}")

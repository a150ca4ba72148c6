"""CLI: search, reindex, dictionary words, holder aliases, cue words, suggestions."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from annotator.extensions import db  # noqa: F401
from annotator.models import Article
from annotator.search.views import db_session
from annotator.services import wordlists
from annotator.services.duplicates import rebuild_links
from annotator.services.search import (
    QueryError,
    SearchFilters,
    index_state,
    search_passages,
)
from annotator.services.search.reindex import reindex_stale as reindex_stale_service
from annotator.services.suggestions import train_models
from annotator.services.suggestions.export import export_predictions_jsonl
from annotator.services.tokenizer import get_tokenizer

REINDEX_CHUNK = 20


def _fail(exc: Exception) -> click.ClickException:
    db_session().rollback()
    return click.ClickException(str(exc))


def _echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@click.command("search")
@click.argument("query")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 100))
@click.option("--page", default=1, type=click.IntRange(1))
@click.option("--label", help="Only passages with this label, as label_set:label.")
@click.option("--resolved", is_flag=True, help="With --label: the resolved label, not anyone's.")
@click.option("--status", help="unlabeled, single, agreed, conflict or gold.")
@click.option("--annotator", help="Only passages this user labeled.")
@click.option("--article", "article_id", type=int, help="Only this article's passages.")
@click.option("--kind", type=click.Choice(["body", "boilerplate"]))
@with_appcontext
def search_command(
    query: str,
    as_json: bool,
    limit: int,
    page: int,
    label: str | None,
    resolved: bool,
    status: str | None,
    annotator: str | None,
    article_id: int | None,
    kind: str | None,
) -> None:
    """Search passages for QUERY (every word must occur; Simplified and Traditional alike)."""
    filters = SearchFilters(
        label=label,
        label_scope="resolved" if resolved else "any",
        status=status,
        annotator=annotator,
        article_id=article_id,
        kind=kind,
    )
    try:
        result = search_passages(
            db_session(),
            get_tokenizer(db_session()),
            query,
            filters,
            page=page,
            per_page=limit,
            snippet=None,
        )
    except QueryError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        _echo_json(
            {
                "query": query,
                "total": result.total,
                "page": result.page,
                "has_next": result.has_next,
                "hits": [h.as_dict() for h in result.hits],
            }
        )
        return
    total = "?" if result.total is None else result.total
    click.echo(f"{total} passage(s) match {query!r}")
    for h in result.hits:
        click.echo(f"#{h.passage_id} [article {h.article_id} §{h.index + 1}] {h.article_title}")
        click.echo(f"    {h.text}")


def reindex_stale(show_bar: bool) -> tuple[int, int]:
    """Re-index articles in chunks, committing each; returns (articles, passages changed)."""
    tokenizer = get_tokenizer(db_session())
    state = index_state(db_session(), tokenizer)
    with click.progressbar(
        length=state.stale, label="re-indexing", file=sys.stderr if show_bar else None
    ) as bar:

        def advance(done: int, total: int) -> None:
            if show_bar:
                bar.update(done - bar.pos)

        return reindex_stale_service(
            db_session(),
            tokenizer,
            commit=db_session().commit,
            progress=advance,
            chunk=REINDEX_CHUNK,
        )


@click.command("reindex")
@click.option(
    "--all", "everything", is_flag=True, help="Re-index every article, not only stale ones."
)
@with_appcontext
def reindex_command(everything: bool) -> None:
    """Re-segment the search index with the current dictionary (only out-of-date articles)."""
    if everything:
        for article in db_session().scalars(select(Article)):
            article.segmenter_version = article.segmenter_version.split("+", 1)[0]
        db_session().commit()
    articles, passages = reindex_stale(sys.stderr.isatty())
    click.echo(f"re-indexed {articles} article(s); {passages} passage(s) changed")


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
        wordlists.add_dictionary_word(db_session(), word, freq, tag)
    except wordlists.WordListError as exc:
        raise _fail(exc) from exc
    db_session().commit()
    click.echo(f"added {word.strip()}")
    _after_dictionary_change(no_reindex)


@dict_group.command("remove")
@click.argument("word")
@click.option("--no-reindex", is_flag=True, help="Leave re-indexing for later.")
@with_appcontext
def dict_remove(word: str, no_reindex: bool) -> None:
    """Remove WORD (one added in the app) and re-segment the index."""
    try:
        wordlists.remove_dictionary_word(db_session(), word)
    except wordlists.WordListError as exc:
        raise _fail(exc) from exc
    db_session().commit()
    click.echo(f"removed {word.strip()}")
    _after_dictionary_change(no_reindex)


def _after_dictionary_change(no_reindex: bool) -> None:
    if no_reindex:
        stale = index_state(db_session(), get_tokenizer(db_session())).stale
        click.echo(f"{stale} article(s) need re-indexing: run `annotator reindex`")
        return
    articles, passages = reindex_stale(sys.stderr.isatty())
    click.echo(f"re-indexed {articles} article(s); {passages} passage(s) changed")


@dict_group.command("list")
@click.option("--json", "as_json", is_flag=True)
@with_appcontext
def dict_list(as_json: bool) -> None:
    """List the shipped and the added dictionary words."""
    entries = wordlists.list_dictionary(db_session())
    if as_json:
        _echo_json(
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
        wordlists.add_alias(db_session(), alias, canonical)
    except wordlists.WordListError as exc:
        raise _fail(exc) from exc
    db_session().commit()
    click.echo(f"{alias.strip()} -> {canonical.strip()}")


@alias_group.command("remove")
@click.argument("alias")
@with_appcontext
def alias_remove(alias: str) -> None:
    """Forget ALIAS."""
    try:
        wordlists.remove_alias(db_session(), alias)
    except wordlists.WordListError as exc:
        raise _fail(exc) from exc
    db_session().commit()
    click.echo(f"removed {alias.strip()}")


@alias_group.command("list")
@with_appcontext
def alias_list() -> None:
    """List aliases and their canonical names."""
    for row in wordlists.list_aliases(db_session()):
        click.echo(f"{row.alias}\t{row.canonical}")


@click.group("suggest")
def suggest_group() -> None:
    """Label suggestions learned from the team's labels."""


@suggest_group.command("train")
@click.option("--force", is_flag=True, help="Retrain even if the labels did not change.")
@with_appcontext
def suggest_train(force: bool) -> None:
    """Train on the resolved labels (when they changed) and store predictions for every passage."""
    report = train_models(db_session(), force=force)
    db_session().commit()
    for s in report.sets:
        detail = s.message or f"{s.version}, {s.predictions} prediction(s)"
        click.echo(f"{s.label_set}: {s.status} ({s.examples} labeled) — {detail}")


@click.command("export-predictions")
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), help="File (default: stdout)."
)
@with_appcontext
def export_predictions_command(out: Path | None) -> None:
    """Export suggestions (cue words, model, holders) as JSON lines, apart from human labels."""
    lines = export_predictions_jsonl(db_session(), get_tokenizer(db_session()))
    if out is None:
        for line in lines:
            click.echo(line, nl=False)
        return
    with out.open("w", encoding="utf-8") as fh:
        count = sum(1 for line in lines if fh.write(line))
    click.echo(f"wrote {count} passage(s) to {out}")


@click.command("link-duplicates")
@with_appcontext
def link_duplicates_command() -> None:
    """Recompute the links between repeated passages across all articles."""
    ids = list(db_session().scalars(select(Article.id).order_by(Article.id)))
    links = rebuild_links(db_session(), ids)
    db_session().commit()
    click.echo(f"{links} link(s) between repeated passages")


COMMANDS = [
    search_command,
    reindex_command,
    dict_group,
    alias_group,
    suggest_group,
    export_predictions_command,
    link_duplicates_command,
]

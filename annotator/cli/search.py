"""Search commands: search passages, re-index the search index."""

from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from annotator.cli.output import echo_json
from annotator.extensions import db
from annotator.models import Article
from annotator.services.search import (
    QueryError,
    SearchFilters,
    index_state,
    search_passages,
)
from annotator.services.search.reindex import reindex_stale as reindex_stale_service
from annotator.services.tokenizer import get_tokenizer

REINDEX_CHUNK = 20


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
            db.session,
            get_tokenizer(db.session),
            query,
            filters,
            page=page,
            per_page=limit,
            snippet=None,
        )
    except QueryError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        echo_json(
            {
                "query": query,
                "total": result.total,
                "page": result.page,
                "has_next": result.has_next,
                "hits": [h.as_dict() for h in result.hits],
            }
        )
        return
    click.echo(f"{result.total} passage(s) match {query!r}")
    for h in result.hits:
        click.echo(f"#{h.passage_id} [article {h.article_id} §{h.index + 1}] {h.article_title}")
        click.echo(f"    {h.text}")


def reindex_stale(show_bar: bool) -> tuple[int, int]:
    """Re-index articles in chunks, committing each; returns (articles, passages changed)."""
    tokenizer = get_tokenizer(db.session)
    state = index_state(db.session, tokenizer)
    with click.progressbar(
        length=state.stale, label="re-indexing", file=sys.stderr if show_bar else None
    ) as bar:

        def advance(done: int, total: int) -> None:
            if show_bar:
                bar.update(done - bar.pos)

        return reindex_stale_service(
            db.session, tokenizer, commit=db.session.commit, progress=advance, chunk=REINDEX_CHUNK
        )


@click.command("reindex")
@click.option(
    "--all", "everything", is_flag=True, help="Re-index every article, not only stale ones."
)
@with_appcontext
def reindex_command(everything: bool) -> None:
    """Re-segment the search index with the current dictionary (only out-of-date articles)."""
    if everything:
        for article in db.session.scalars(select(Article)):
            article.segmenter_version = article.segmenter_version.split("+", 1)[0]
        db.session.commit()
    articles, passages = reindex_stale(sys.stderr.isatty())
    click.echo(f"re-indexed {articles} article(s); {passages} passage(s) changed")

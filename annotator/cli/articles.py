"""Article commands: import files, show one article, list them."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import func, select

from annotator.cli.output import echo_json
from annotator.extensions import db
from annotator.models import Article, Passage
from annotator.services.article_editors import RestrictionError, set_article_editors, users_named
from annotator.services.importing import collect_paths, import_files, import_options


def check_editors(editors: str | None) -> None:
    """Fail before importing anything when --editors names someone unknown."""
    if not editors:
        return
    try:
        users_named(db.session, editors.split(","))
    except RestrictionError as exc:
        raise click.ClickException(str(exc)) from exc


def restrict_imported(article_ids: list[int], editors: str | None) -> None:
    """Restrict freshly imported articles to the named editors (the import's --editors)."""
    if not editors or not article_ids:
        return
    users = users_named(db.session, editors.split(","))
    for article_id in article_ids:
        set_article_editors(db.session, article_id, [u.id for u in users], actor_id=None)


@click.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--source", help="Source name for articles that do not state one.")
@click.option("--json", "as_json", is_flag=True, help="Print a machine-readable report.")
@click.option("--skip-invalid", is_flag=True, help="Import the valid lines of JSONL/CSV files.")
@click.option("--editors", help="Restrict new articles to these editors (comma-separated names).")
@with_appcontext
def import_command(
    paths: tuple[Path, ...],
    source: str | None,
    as_json: bool,
    skip_invalid: bool,
    editors: str | None,
) -> None:
    """Import article files or folders (.txt .md .jsonl .csv .html .htm .docx), each file whole."""
    check_editors(editors)
    options = import_options(current_app.config, source=source, skip_invalid=skip_invalid)
    files = list(collect_paths(paths))
    hidden = as_json or not sys.stderr.isatty()
    with click.progressbar(length=1, label="importing", file=sys.stderr, hidden=hidden) as bar:

        def advance(done: int, total: int) -> None:
            bar.length = max(total, 1)
            bar.update(done - bar.pos)

        # Batched commits: each file is still all or nothing (see import_files).
        reports = list(
            import_files(
                db.session,
                files,
                options,
                commit=db.session.commit,
                rollback=db.session.rollback,
                on_stored=lambda report: restrict_imported(report.article_ids, editors),
                on_progress=advance,
            )
        )
    failed = any(r.status == "rejected" or r.errors for r in reports)
    if as_json:
        echo_json({"files": [r.as_dict() for r in reports]})
    else:
        for r in reports:
            detail = f"{len(r.article_ids)} article(s), {r.passages} passages"
            line = f"{r.status:9} {r.path}"
            if r.status == "imported":
                line += f": {detail}"
            if r.reason:
                line += f" — {r.reason}"
            click.echo(line, err=r.status == "rejected")
            for e in r.errors:
                click.echo(f"          line {e.line}: {e.reason}", err=True)
        statuses = ("imported", "unchanged", "rejected")
        counts = {s: sum(r.status == s for r in reports) for s in statuses}
        click.echo(", ".join(f"{n} {s}" for s, n in counts.items()))
    if not files or failed:
        sys.exit(1)


@click.command("show")
@click.argument("article_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="Print stable JSON for scripts.")
@with_appcontext
def show_command(article_id: int, as_json: bool) -> None:
    """Show an article's metadata and every passage."""
    article = db.session.get(Article, article_id)
    if article is None:
        raise click.ClickException(f"no article with id {article_id}")
    data = {
        "id": article.id,
        "uid": article.uid,
        "title": article.title,
        "source": article.source,
        "published": article.published.isoformat() if article.published else None,
        "content_hash": article.content_hash,
        "segmenter_version": article.segmenter_version,
        "passages": [
            {
                "id": p.id,
                "index": p.index,
                "start": p.start,
                "end": p.end,
                "kind": p.kind,
                "text": p.text,
            }
            for p in article.passages
        ],
    }
    if as_json:
        echo_json(data)
        return
    click.echo(f"#{article.id} {article.title}")
    click.echo(f"source: {article.source or '-'}   published: {data['published'] or '-'}")
    for p in article.passages:
        mark = "·" if p.kind == "body" else "∅"
        click.echo(f"{mark} [{p.index:3}] {p.start}-{p.end}  {p.text}")


@click.command("articles")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@with_appcontext
def articles_command(as_json: bool) -> None:
    """List articles with their passage counts."""
    body = func.count(Passage.id).filter(Passage.kind == "body")
    rows = db.session.execute(
        select(
            Article.id,
            Article.title,
            Article.source,
            Article.published,
            func.count(Passage.id),
            body,
        )
        .outerjoin(Passage)
        .group_by(Article.id)
        .order_by(Article.id)
    ).all()
    items = [
        {
            "id": r[0],
            "title": r[1],
            "source": r[2],
            "published": r[3].isoformat() if r[3] else None,
            "passages": r[4],
            "body_passages": r[5],
        }
        for r in rows
    ]
    if as_json:
        echo_json(items)
        return
    for item in items:
        click.echo(
            f"{item['id']:5}  {item['published'] or '----------'}  {item['passages']:4} passages"
            f"  {item['source'] or '-':8}  {item['title']}"
        )

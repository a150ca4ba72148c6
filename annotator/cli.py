"""The `annotator` command: thin click commands over the services."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext
from sqlalchemy import func, select

from annotator import create_app
from annotator.cli_codebook import codebook_group, export_articles_command
from annotator.cli_setup import quickstart_command, serve_command
from annotator.extensions import db
from annotator.models import Article, Passage
from annotator.services.importing import collect_paths, import_files, import_options
from annotator.services.schema import (
    SchemaError,
    apply_schema,
    default_schema,
    load_schema_file,
)
from annotator.services.setup import upgrade_database
from annotator.services.users import UserError, create_user
from annotator.team_cli import (
    agreement_command,
    check_command,
    check_editors,
    history_command,
    restrict_imported,
)


@click.group(cls=FlaskGroup, create_app=create_app, add_default_commands=True)
def main() -> None:
    """annotator: turn Chinese articles into a labeled stance dataset."""


main.add_command(quickstart_command)
main.add_command(serve_command)
main.add_command(codebook_group)
main.add_command(export_articles_command)
main.add_command(agreement_command)
main.add_command(history_command)
main.add_command(check_command)


def _echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


@main.command("init")
@with_appcontext
def init_command() -> None:
    """Create or upgrade the database to the newest schema and install the default labels."""
    upgrade_database()
    result = apply_schema(db.session, default_schema(), note="default schema")
    db.session.commit()
    state = "installed" if result.changed else "unchanged"
    click.echo(f"database ready; label schema {state} (codebook version {result.version})")


@main.group("schema")
def schema_group() -> None:
    """Manage the label schema."""


@schema_group.command("load")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--note", default="", help="Why the schema changed (kept with the version).")
@with_appcontext
def schema_load(file: Path, note: str) -> None:
    """Load a label schema from a TOML FILE; labels that are gone are retired."""
    try:
        result = apply_schema(db.session, load_schema_file(file), note=note or file.name)
    except SchemaError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    state = "changed" if result.changed else "unchanged"
    click.echo(f"schema {state}: codebook version {result.version}")


@main.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--source", help="Source name for articles that do not state one.")
@click.option("--json", "as_json", is_flag=True, help="Print a machine-readable report.")
@click.option("--skip-invalid", is_flag=True, help="Import the valid lines of JSONL/CSV files.")
@click.option("--editors", help="Restrict new articles to these editors (comma-separated names).")
@with_appcontext
def import_command(
    paths: tuple[Path, ...], source: str | None, as_json: bool, skip_invalid: bool,
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
        reports = list(import_files(
            db.session, files, options, commit=db.session.commit, rollback=db.session.rollback,
            on_stored=lambda report: restrict_imported(report.article_ids, editors),
            on_progress=advance,
        ))  # fmt: skip
    failed = any(r.status == "rejected" or r.errors for r in reports)
    if as_json:
        _echo_json({"files": [r.as_dict() for r in reports]})
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


@main.command("show")
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
        _echo_json(data)
        return
    click.echo(f"#{article.id} {article.title}")
    click.echo(f"source: {article.source or '-'}   published: {data['published'] or '-'}")
    for p in article.passages:
        mark = "·" if p.kind == "body" else "∅"
        click.echo(f"{mark} [{p.index:3}] {p.start}-{p.end}  {p.text}")


@main.command("articles")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@with_appcontext
def articles_command(as_json: bool) -> None:
    """List articles with their passage counts."""
    body = func.count(Passage.id).filter(Passage.kind == "body")
    rows = db.session.execute(
        select(Article.id, Article.title, Article.source, Article.published,
               func.count(Passage.id), body)
        .outerjoin(Passage)
        .group_by(Article.id)
        .order_by(Article.id)
    ).all()
    items = [
        {"id": r[0], "title": r[1], "source": r[2],
         "published": r[3].isoformat() if r[3] else None,
         "passages": r[4], "body_passages": r[5]}
        for r in rows
    ]
    if as_json:
        _echo_json(items)
        return
    for item in items:
        click.echo(
            f"{item['id']:5}  {item['published'] or '----------'}  {item['passages']:4} passages"
            f"  {item['source'] or '-':8}  {item['title']}"
        )


@main.command("create-user")
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
        create_user(db.session, name, password, role=role, display_name=display_name)
    except UserError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    click.echo(f"created {role} {name}")


from annotator.cli_backup import backup_command, restore_command  # noqa: E402
from annotator.export.commands import export_command  # noqa: E402
from annotator.export.import_command import import_annotations_command  # noqa: E402
from annotator.tokens.commands import create_token_command  # noqa: E402

for _command in (
    export_command, import_annotations_command, create_token_command, backup_command,
    restore_command,
):
    main.add_command(_command)

from annotator.search.cli import COMMANDS as _SEARCH_COMMANDS  # noqa: E402

for _command in _SEARCH_COMMANDS:
    main.add_command(_command)

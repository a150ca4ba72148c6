"""Commands for the codebook (versions, outdated annotations, Markdown) and articles.jsonl."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import with_appcontext

from annotator.cli.output import echo_json
from annotator.extensions import db
from annotator.services.codebook import history, latest_version, outdated_annotations
from annotator.services.codebook.document import codebook_markdown, specs_as_snapshot
from annotator.services.codebook.versions import get_version
from annotator.services.rollup import write_articles_file, write_articles_jsonl
from annotator.services.schema import SchemaError, default_schema, load_schema_file


@click.group("codebook")
def codebook_group() -> None:
    """Read the codebook: versions, annotations made under older meanings, Markdown."""


@codebook_group.command("outdated")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@with_appcontext
def outdated_command(as_json: bool) -> None:
    """List passages (and articles) tagged under a version whose definitions or rules changed."""
    report = outdated_annotations(db.session)
    if as_json:
        echo_json(report.as_dict())
        return
    if not report.items:
        click.echo(f"nothing outdated (codebook version {report.current_version})")
        return
    for item in report.items:
        where = "article" if item.passage_id is None else f"passage {item.passage_id}"
        index = "" if item.passage_index is None else f" [{item.passage_index}]"
        click.echo(f"#{item.article_id}{index} {where}: {item.article_title}")
        for a in item.annotations:
            changes = "; ".join(str(c) for c in a.changes)
            click.echo(f"    {a.user:12} {a.label_set:18} v{a.codebook_version or '?'}  {changes}")
    data = report.as_dict()
    click.echo(
        f"{data['passages']} passage(s), {data['articles']} article(s) tagged under older "
        f"meanings; current codebook version {report.current_version}"
    )


@codebook_group.command("versions")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@with_appcontext
def versions_command(as_json: bool) -> None:
    """List codebook versions, newest first, with their notes and changes of meaning."""
    versions = history(db.session)
    if as_json:
        echo_json(
            [
                {
                    "version": v.version,
                    "note": v.note,
                    "created_at": v.created_at.isoformat(),
                    "created_by": v.created_by,
                    "changes": [c.as_dict() for c in v.changes],
                }
                for v in versions
            ]
        )
        return
    for v in versions:
        who = v.created_by or "-"
        click.echo(f"v{v.version:<4} {v.created_at:%Y-%m-%d %H:%M}  {who:12} {v.note}")
        for change in v.changes:
            click.echo(f"        {change}")


@codebook_group.command("markdown")
@click.option(
    "--toml",
    "toml_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Render this schema file instead of the database.",
)
@click.option("--default", "use_default", is_flag=True, help="Render the shipped default schema.")
@click.option("--version", "version", type=int, help="Render this stored codebook version.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file instead of standard output.",
)
@with_appcontext
def markdown_command(
    toml_file: Path | None, use_default: bool, version: int | None, output: Path | None
) -> None:
    """Print the codebook as Markdown: the newest version, a stored one, or a schema file."""
    if toml_file or use_default:
        try:
            specs = load_schema_file(toml_file) if toml_file else default_schema()
        except SchemaError as exc:
            raise click.ClickException(str(exc)) from exc
        name = toml_file.name if toml_file else "annotator/schema/default.toml"
        text = codebook_markdown(specs_as_snapshot(specs), f"Codebook ({name})")
    else:
        row = get_version(db.session, version) if version else None
        if version and row is None:
            raise click.ClickException(f"no codebook version {version}")
        if row is None:
            row = latest_version(db.session)
        if row is None:
            raise click.ClickException("no codebook installed yet; run `annotator init`")
        text = codebook_markdown(
            row.snapshot, f"Codebook version {row.version} ({row.created_at:%Y-%m-%d})"
        )
    if output:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text, nl=False)


@click.command("export-articles")
@click.option(
    "-o",
    "--output",
    default="-",
    show_default=True,
    help="File to write articles.jsonl to ('-' for standard output).",
)
@with_appcontext
def export_articles_command(output: str) -> None:
    """Write articles.jsonl: one line per article with its passage label counts and holders."""
    if output == "-":
        count = write_articles_jsonl(db.session, sys.stdout)
    else:
        count = write_articles_file(db.session, Path(output))
    click.echo(f"{count} article(s)", err=True)

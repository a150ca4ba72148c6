"""`annotator export` and `annotator import-annotations`."""

from __future__ import annotations

import os
import shlex
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click
from flask.cli import with_appcontext

from annotator.extensions import db
from annotator.services.annotation_import import (
    AnnotationImportError,
    AnnotationImportOptions,
    import_annotations,
)
from annotator.services.exporting import (
    FORMATS,
    STATUS_FILTERS,
    CardStats,
    ExportOptions,
    export_lines,
    labeling_config,
    render_card,
)
from annotator.services.exporting.card import agreement_from_stats
from annotator.services.rollup import write_articles_file
from annotator.services.schema import current_codebook_version, snapshot


class PassageCount:
    """Counts the exported passages, for the closing message."""

    def __init__(self) -> None:
        self.passages = 0

    def observe(self, line: dict[str, Any], data: object) -> None:
        """Count one exported passage."""
        self.passages += 1


def agreement_for_card(stats: CardStats, card_snapshot: dict[str, Any]) -> list[dict[str, Any]]:
    """Agreement figures over exactly the passages exported (same filters as the file)."""
    return agreement_from_stats(stats, card_snapshot)


ARTICLES_NOTE = (
    "\n## Articles\n\n`articles.jsonl` beside this card has one line per article ({n} in all, "
    "whatever the export's filters): passage label counts, stance holders and article-level "
    "labels (format: docs/codebook.md).\n"
)


def write_card(folder: Path, stats: CardStats, options: ExportOptions, command: str) -> Path:
    """Write README.md (and Label Studio's labeling config when that is the format)."""
    folder.mkdir(parents=True, exist_ok=True)
    card_snapshot = snapshot(db.session)
    text = render_card(
        stats,
        card_snapshot,
        options,
        command=command,
        generated_at=datetime.now(UTC),
        codebook_version=current_codebook_version(db.session),
        agreement=agreement_for_card(stats, card_snapshot),
    )
    articles = write_articles_file(db.session, folder / "articles.jsonl")
    text += ARTICLES_NOTE.format(n=articles)
    path = folder / "README.md"
    path.write_text(text, encoding="utf-8")
    if options.format == "label-studio":
        (folder / "label-studio-config.xml").write_text(
            labeling_config(card_snapshot), encoding="utf-8"
        )
    return path


@click.command("export")
@click.option(
    "-o",
    "--output",
    default="-",
    show_default=True,
    help="File to write, or - for standard output.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="native",
    show_default=True,
    help="native JSONL, doccano (classification), doccano-spans, or label-studio.",
)
@click.option(
    "--status",
    type=click.Choice(list(STATUS_FILTERS)),
    default="all",
    show_default=True,
    help="all; labeled (single, agreed, gold); gold only.",
)
@click.option("--include-boilerplate", is_flag=True, help="Also export boilerplate passages.")
@click.option(
    "--card",
    "card_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write a dataset card (README.md) into this folder.",
)
@with_appcontext
def export_command(
    output: str, fmt: str, status: str, include_boilerplate: bool, card_dir: Path | None
) -> None:
    """Export passages with their labels, streamed in article then passage order."""
    options = ExportOptions(format=fmt, status=status, include_boilerplate=include_boilerplate)
    # The card's statistics cost more than a line's JSON: only a card gathers them.
    stats = CardStats() if card_dir is not None else PassageCount()
    chunks = export_lines(db.session, options, observe=stats.observe)
    if output == "-":
        sys.stdout.flush()
        out = sys.stdout.buffer  # bytes: the same UTF-8 whatever the terminal's locale
        for chunk in chunks:
            out.write(chunk.encode("utf-8"))
        out.flush()
    else:
        target = Path(output)
        partial = target.with_name(target.name + ".part")
        try:
            with partial.open("wb") as fh:
                for chunk in chunks:
                    fh.write(chunk.encode("utf-8"))
            # Only a complete export takes the file's name.
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)
    click.echo(f"exported {stats.passages} passages ({fmt}, status {status})", err=True)
    if card_dir is not None and isinstance(stats, CardStats):
        # The canonical spelling of this run's options: what reproduces the file.
        command = shlex.join(
            ["annotator", "export", "-o", output, *options.cli_arguments(), "--card", str(card_dir)]
        )
        path = write_card(card_dir, stats, options, command)
        click.echo(f"dataset card: {path}", err=True)


@click.command("import-annotations")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--as",
    "as_user",
    metavar="USER",
    help="Import each line's resolved labels as USER's own (pre-annotations).",
)
@click.option(
    "--as-gold",
    is_flag=True,
    help="Import each line's resolved labels as gold settled by the --as reviewer.",
)
@click.option(
    "--reviewer", metavar="USER", help="Who settled the gold lines restored from an export."
)
@click.option(
    "--create-users", is_flag=True, help="Create missing annotators as deactivated accounts."
)
@click.option("--skip-invalid", is_flag=True, help="Import the valid lines, report the others.")
@with_appcontext
def import_annotations_command(
    file: Path,
    as_user: str | None,
    as_gold: bool,
    reviewer: str | None,
    create_users: bool,
    skip_invalid: bool,
) -> None:
    """Load native export lines: annotators' records (default), pre-annotations or gold."""
    options = AnnotationImportOptions(
        as_user=as_user, as_gold=as_gold, reviewer=reviewer, create_users=create_users
    )
    try:
        with file.open("rb") as fh:
            report = import_annotations(db.session, fh, options)
    except AnnotationImportError as exc:
        db.session.rollback()
        raise click.UsageError(str(exc)) from exc
    except Exception:
        db.session.rollback()
        raise
    for error in report.errors:
        click.echo(f"line {error.line}: {error.reason}", err=True)
    if report.errors and not skip_invalid:
        db.session.rollback()
        click.echo(
            f"nothing imported: {len(report.errors)} invalid line(s); "
            "fix them or pass --skip-invalid",
            err=True,
        )
        sys.exit(1)
    db.session.commit()
    skipped = f", {len(report.errors)} skipped" if report.errors else ""
    click.echo(
        f"{report.imported} line(s) imported ({report.rows} rows), "
        f"{report.unchanged} unchanged{skipped}"
    )
    if report.errors:
        sys.exit(1)

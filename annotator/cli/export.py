"""`annotator export`: the streamed formats, Parquet, and the dataset card."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from annotator.export.writing import write_export
from annotator.services.exporting import (
    FILE_FORMATS,
    OFFSET_UNITS,
    STATUS_FILTERS,
    ExportOptionError,
    ExportOptions,
)


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
    type=click.Choice(FILE_FORMATS),
    default="native",
    show_default=True,
    help="native JSONL, doccano (classification), doccano-spans, doccano-relations "
    "(spans with holder links), label-studio, or parquet.",
)
@click.option(
    "--offset-unit",
    type=click.Choice(OFFSET_UNITS),
    help="Span offsets of the doccano formats: utf16 (default, what doccano's editor "
    "counts) or codepoint. Native, Parquet and Label Studio offsets are code points.",
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
    help="Write a dataset card (README.md) that `datasets.load_dataset(DIR)` reads.",
)
@with_appcontext
def export_command(
    output: str,
    fmt: str,
    offset_unit: str | None,
    status: str,
    include_boilerplate: bool,
    card_dir: Path | None,
) -> None:
    """Export passages with their labels, streamed in article then passage order."""
    try:
        options = ExportOptions(
            format=fmt,
            status=status,
            include_boilerplate=include_boilerplate,
            offset_unit=offset_unit,
        )
    except ExportOptionError as exc:
        raise click.UsageError(str(exc)) from exc
    target = None if output == "-" else Path(output)
    if target is None and fmt == "parquet":
        raise click.UsageError("parquet is a binary file: name it with -o FILE")
    if card_dir is not None:
        card_dir.mkdir(parents=True, exist_ok=True)  # -o DIR/x.jsonl --card DIR needs DIR
    if target is not None and not target.parent.is_dir():
        raise click.UsageError(f"-o: folder {target.parent} does not exist")
    written = write_export(options, target, card_dir, output=output)
    click.echo(f"exported {written.passages} passages ({fmt}, status {status})", err=True)
    if written.card is not None:
        click.echo(f"dataset card: {written.card}", err=True)

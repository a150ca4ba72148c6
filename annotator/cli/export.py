"""`annotator export`: the streamed formats, Parquet, and the dataset card."""

from __future__ import annotations

import os
import shlex
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click
from flask.cli import with_appcontext

from annotator.extensions import db
from annotator.services.exporting import (
    FILE_FORMATS,
    OFFSET_UNITS,
    STATUS_FILTERS,
    CardStats,
    ExportOptionError,
    ExportOptions,
    export_lines,
    labeling_config,
    native_lines,
    render_card,
)
from annotator.services.exporting.card import agreement_from_stats
from annotator.services.exporting.columns import front_matter
from annotator.services.exporting.formats import Observer
from annotator.services.exporting.parquet import ParquetLines
from annotator.services.exporting.vocabulary import load_vocabulary
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


def write_card(
    folder: Path, stats: CardStats, options: ExportOptions, command: str, data_file: str
) -> Path:
    """Write README.md (and Label Studio's labeling config when that is the format).

    The card opens with the YAML `datasets` reads: data_file (relative to the folder, a
    Parquet file of the exported passages) as the train split, and every column's type.
    """
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
    text = front_matter(load_vocabulary(db.session), data_file) + text
    path = folder / "README.md"
    path.write_text(text, encoding="utf-8")
    if options.format == "label-studio":
        (folder / "label-studio-config.xml").write_text(
            labeling_config(card_snapshot), encoding="utf-8"
        )
    return path


def _replace_when_complete(target: Path, write: Callable[[Path], None]) -> None:
    # Written as FILE.part and renamed: only a complete export takes the file's name.
    partial = target.with_name(target.name + ".part")
    try:
        write(partial)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def _card_data_file(card_dir: Path, target: Path | None, fmt: str) -> str | None:
    """The export file's path relative to the card folder, when it is Parquet inside it."""
    if fmt != "parquet" or target is None:
        return None
    try:
        return target.resolve().relative_to(card_dir.resolve()).as_posix()
    except ValueError:
        return None


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
    # The card's statistics cost more than a line's JSON: only a card gathers them.
    stats = CardStats() if card_dir is not None else PassageCount()
    observers: list[Observer] = [stats.observe]
    card_data = None if card_dir is None else _card_data_file(card_dir, target, fmt)
    tee: ParquetLines | None = None
    if card_dir is not None and card_data is None:
        # The card points `datasets` at Parquet, whose types hold, written beside it.
        card_data = "passages.parquet"
        tee = ParquetLines(card_dir / "passages.parquet.part", load_vocabulary(db.session))
        observers.append(tee.observe)

    def observe(line: dict[str, Any], data: Any) -> None:
        for observer in observers:
            observer(line, data)

    if fmt == "parquet":
        assert target is not None
        _replace_when_complete(target, lambda path: _write_parquet(path, options, observe))
    elif target is None:
        sys.stdout.flush()
        out = sys.stdout.buffer  # bytes: the same UTF-8 whatever the terminal's locale
        for chunk in export_lines(db.session, options, observe=observe):
            out.write(chunk.encode("utf-8"))
        out.flush()
    else:
        _replace_when_complete(target, lambda path: _write_text(path, options, observe))
    if tee is not None and card_dir is not None:
        tee.close()
        os.replace(card_dir / "passages.parquet.part", card_dir / "passages.parquet")
    click.echo(f"exported {stats.passages} passages ({fmt}, status {status})", err=True)
    if card_dir is not None and isinstance(stats, CardStats) and card_data is not None:
        # The canonical spelling of this run's options: what reproduces the file.
        command = shlex.join(
            ["annotator", "export", "-o", output, *options.cli_arguments(), "--card", str(card_dir)]
        )
        path = write_card(card_dir, stats, options, command, card_data)
        click.echo(f"dataset card: {path}", err=True)


def _write_text(path: Path, options: ExportOptions, observe: Observer) -> None:
    with path.open("wb") as fh:
        for chunk in export_lines(db.session, options, observe=observe):
            fh.write(chunk.encode("utf-8"))


def _write_parquet(path: Path, options: ExportOptions, observe: Observer) -> None:
    writer = ParquetLines(path, load_vocabulary(db.session))
    try:
        for line in native_lines(db.session, options, observe=observe):
            writer.add(line)
    finally:
        writer.close()

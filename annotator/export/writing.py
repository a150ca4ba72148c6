"""Write an export and its dataset card to disk: `annotator export` and the export job share it."""

from __future__ import annotations

import contextlib
import os
import shlex
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from annotator.extensions import db
from annotator.services.exporting import (
    CardStats,
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

# Called with the number of passages written so far.
Progress = Callable[[int], None]


class PassageCount:
    """Counts the exported passages, for the closing message and the progress bar."""

    def __init__(self) -> None:
        self.passages = 0

    def observe(self, line: dict[str, Any], data: object) -> None:
        """Count one exported passage."""
        self.passages += 1


@dataclass(frozen=True)
class ExportWritten:
    """What one export wrote."""

    passages: int
    card: Path | None


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
        agreement=agreement_from_stats(stats, card_snapshot),
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


def write_export(
    options: ExportOptions,
    target: Path | None,
    card_dir: Path | None,
    *,
    output: str,
    card_label: str | None = None,
    progress: Progress | None = None,
) -> ExportWritten:
    """Write the export to `target` (None: standard output) and, with `card_dir`, its card.

    `output` and `card_label` (default: the folder's path) are how the card's reproducing
    command names the file and the folder.
    """
    if card_dir is not None:
        card_dir.mkdir(parents=True, exist_ok=True)  # -o DIR/x.jsonl --card DIR needs DIR
    # The card's statistics cost more than a line's JSON: only a card gathers them.
    stats = CardStats() if card_dir is not None else PassageCount()
    observers: list[Observer] = [stats.observe]
    if progress is not None:
        observers.append(lambda line, data: progress(stats.passages))
    card_data = None if card_dir is None else _card_data_file(card_dir, target, options.format)
    tee: ParquetLines | None = None
    if card_dir is not None and card_data is None:
        # The card points `datasets` at Parquet, whose types hold, written beside it.
        card_data = "passages.parquet"
        tee = ParquetLines(card_dir / "passages.parquet.part", load_vocabulary(db.session))
        observers.insert(1, tee.observe)

    def observe(line: dict[str, Any], data: Any) -> None:
        for observer in observers:
            observer(line, data)

    try:
        _write_target(options, target, observe)
        if tee is not None and card_dir is not None:
            tee.close()
            tee = None
            os.replace(card_dir / "passages.parquet.part", card_dir / "passages.parquet")
    finally:
        if tee is not None and card_dir is not None:  # stopped part-way: no half file stays
            with contextlib.suppress(Exception):
                tee.close()
            (card_dir / "passages.parquet.part").unlink(missing_ok=True)
    card = None
    if card_dir is not None and isinstance(stats, CardStats) and card_data is not None:
        # The canonical spelling of this run's options: what reproduces the file.
        command = shlex.join(
            [
                "annotator",
                "export",
                "-o",
                output,
                *options.cli_arguments(),
                "--card",
                card_label or str(card_dir),
            ]
        )
        card = write_card(card_dir, stats, options, command, card_data)
    return ExportWritten(stats.passages, card)


def _write_target(options: ExportOptions, target: Path | None, observe: Observer) -> None:
    if options.format == "parquet":
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

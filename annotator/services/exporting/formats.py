"""Export options and the streamed lines of each format."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from annotator.services.exporting import doccano, label_studio
from annotator.services.exporting.native import dumps, native_line
from annotator.services.exporting.passage_data import PassageData
from annotator.services.exporting.reading import iter_passages
from annotator.services.exporting.vocabulary import load_vocabulary

FORMATS = ("native", "doccano", "doccano-spans", "doccano-relations", "label-studio")  # as text
FILE_FORMATS = (*FORMATS, "parquet")  # parquet is binary: written to a file, not streamed
DOCCANO_FORMATS = ("doccano", "doccano-spans", "doccano-relations")
# Offsets in the unit each format's tool reads: doccano's editor counts UTF-16 code units
# (its default project setting); our own formats and Label Studio use code points.
OFFSET_UNITS = ("codepoint", "utf16")
# Which statuses each --status filter keeps; "labeled" means lines that carry labels.
STATUS_FILTERS: dict[str, frozenset[str] | None] = {
    "all": None,
    "labeled": frozenset({"single", "agreed", "gold"}),
    "gold": frozenset({"gold"}),
}
MEDIA_TYPES = {
    "native": "application/x-ndjson",
    "doccano": "application/x-ndjson",
    "doccano-spans": "application/x-ndjson",
    "doccano-relations": "application/x-ndjson",
    "label-studio": "application/json",
}

Observer = Callable[[dict[str, Any], PassageData], None]


class ExportOptionError(ValueError):
    """An export option has a value the export does not know."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class ExportOptions:
    """What to export and in which shape."""

    format: str = "native"
    status: str = "all"
    include_boilerplate: bool = False
    offset_unit: str | None = None  # None: the format's own (utf16 for doccano)

    def __post_init__(self) -> None:
        if self.format not in FILE_FORMATS:
            raise ExportOptionError(f"format must be one of {', '.join(FILE_FORMATS)}", "format")
        if self.status not in STATUS_FILTERS:
            raise ExportOptionError(f"status must be one of {', '.join(STATUS_FILTERS)}", "status")
        if self.offset_unit is None:
            unit = "utf16" if self.format in DOCCANO_FORMATS else "codepoint"
            object.__setattr__(self, "offset_unit", unit)
        elif self.offset_unit not in OFFSET_UNITS:
            raise ExportOptionError(
                f"offset unit must be one of {', '.join(OFFSET_UNITS)}", "offset_unit"
            )
        elif self.offset_unit != "codepoint" and self.format not in DOCCANO_FORMATS:
            raise ExportOptionError(
                f"{self.format} offsets are code points; --offset-unit is for doccano",
                "offset_unit",
            )

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[self.format]

    def filename(self, today: date) -> str:
        """A download name that says what the file holds."""
        suffixes = {"label-studio": "json", "parquet": "parquet"}
        suffix = suffixes.get(self.format, "jsonl")
        return f"annotator-{self.format}-{self.status}-{today.isoformat()}.{suffix}"

    def cli_arguments(self) -> list[str]:
        """The `annotator export` options that produce the same output."""
        args = ["--format", self.format, "--status", self.status]
        if self.format in ("doccano-spans", "doccano-relations"):  # the ones with offsets
            args += ["--offset-unit", str(self.offset_unit)]
        return [*args, "--include-boilerplate"] if self.include_boilerplate else args


def native_lines(
    session: Session, options: ExportOptions, observe: Observer | None = None
) -> Iterator[dict[str, Any]]:
    """Native line objects that pass the status filter, in article then passage order."""
    vocabulary = load_vocabulary(session)
    keep = STATUS_FILTERS[options.status]
    # "labeled" in a doccano file means a value in that file's label column: a passage
    # labeled only in sets the format leaves out would be an empty example there.
    labels_only = options.status != "all" and options.format in DOCCANO_FORMATS
    for data in iter_passages(session, vocabulary, options.include_boilerplate):
        line = native_line(data, vocabulary)
        if keep is not None and line["status"] not in keep:
            continue
        if labels_only and not doccano.has_labels(line, options.format):
            continue
        if observe is not None:
            observe(line, data)
        yield line


def export_lines(
    session: Session, options: ExportOptions, observe: Observer | None = None
) -> Iterator[str]:
    """The export as text chunks to write or send as they come, each ending in a newline."""
    lines = native_lines(session, options, observe)
    if options.format == "native":
        return (dumps(line) + "\n" for line in lines)
    if options.format == "doccano":
        return (dumps(doccano.classification_line(line)) + "\n" for line in lines)
    if options.format == "doccano-spans":
        unit = str(options.offset_unit)
        return (dumps(doccano.sequence_line(line, unit)) + "\n" for line in lines)
    if options.format == "doccano-relations":
        unit = str(options.offset_unit)
        return (dumps(doccano.relations_line(line, unit)) + "\n" for line in lines)
    if options.format == "label-studio":
        return _label_studio(session, lines)
    raise ExportOptionError(f"{options.format} is written to a file: see write_parquet", "format")


def _label_studio(session: Session, lines: Iterator[dict[str, Any]]) -> Iterator[str]:
    # Label Studio imports a JSON list, so the stream is a list with one task per line.
    vocabulary = load_vocabulary(session)
    span_set_of = {label: s.name for s in reversed(vocabulary.span_sets) for label in s.labels}
    yield "["
    separator = "\n"
    for line in lines:
        yield separator + dumps(label_studio.task(line, span_set_of))
        separator = ",\n"
    yield "\n]\n"

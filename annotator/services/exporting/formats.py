"""Export options and the streamed lines of each format."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from annotator.services.exporting import doccano, label_studio
from annotator.services.exporting.native import dumps, native_line
from annotator.services.exporting.reading import PassageData, iter_passages
from annotator.services.exporting.vocabulary import load_vocabulary

FORMATS = ("native", "doccano", "doccano-spans", "label-studio")
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

    def __post_init__(self) -> None:
        if self.format not in FORMATS:
            raise ExportOptionError(f"format must be one of {', '.join(FORMATS)}", "format")
        if self.status not in STATUS_FILTERS:
            raise ExportOptionError(f"status must be one of {', '.join(STATUS_FILTERS)}", "status")

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[self.format]

    def filename(self, today: date) -> str:
        """A download name that says what the file holds."""
        suffix = "json" if self.format == "label-studio" else "jsonl"
        return f"annotator-{self.format}-{self.status}-{today.isoformat()}.{suffix}"

    def cli_arguments(self) -> list[str]:
        """The `annotator export` options that produce the same output."""
        args = ["--format", self.format, "--status", self.status]
        return [*args, "--include-boilerplate"] if self.include_boilerplate else args


def native_lines(
    session: Session, options: ExportOptions, observe: Observer | None = None
) -> Iterator[dict[str, Any]]:
    """Native line objects that pass the status filter, in article then passage order."""
    vocabulary = load_vocabulary(session)
    keep = STATUS_FILTERS[options.status]
    for data in iter_passages(session, vocabulary, options.include_boilerplate):
        line = native_line(data, vocabulary)
        if keep is not None and line["status"] not in keep:
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
        return (dumps(doccano.sequence_line(line)) + "\n" for line in lines)
    return _label_studio(session, lines)


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

"""Read native lines: JSON, the native JSON Schema, then offsets and labels against the schema."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from jsonschema import Draft202012Validator

from annotator.services.exporting.native import native_schema
from annotator.services.exporting.vocabulary import ExportVocabulary
from annotator.services.holder_links import (
    HOLDER_LABEL,
    STANCE_SET,
    LinkProblem,
    SpanLink,
    check_links,
)

SpanKey = tuple[int, int, str]

MAX_LINE_BYTES = 4 * 1024 * 1024


class LineInvalid(ValueError):
    """A line cannot be imported; the message says why."""


@dataclass(frozen=True)
class LineError:
    line: int
    reason: str


def numbered_lines(raw_lines: Iterable[bytes]) -> Iterator[tuple[int, str | LineInvalid]]:
    """Decode each non-blank line as UTF-8, or give the reason it cannot be read."""
    for number, raw in enumerate(raw_lines, 1):
        if len(raw) > MAX_LINE_BYTES:
            yield number, LineInvalid(f"line longer than {MAX_LINE_BYTES // 1024 // 1024} MB")
            continue
        try:
            text = raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError:
            yield number, LineInvalid("not UTF-8 text")
            continue
        if text.strip():
            yield number, text


_validator: Draft202012Validator | None = None


def _schema_validator() -> Draft202012Validator:
    global _validator
    if _validator is None:
        _validator = Draft202012Validator(native_schema())
    return _validator


def parse_line(text: str) -> dict[str, Any]:
    """A native line as a dict, checked against the native JSON Schema."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LineInvalid(f"broken JSON: {exc.msg} at column {exc.colno}") from exc
    errors = sorted(_schema_validator().iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        first = errors[0]
        where = "/".join(str(p) for p in first.absolute_path) or "(line)"
        raise LineInvalid(f"{where}: {first.message}")
    return data  # type: ignore[no-any-return]


def parse_timestamp(value: str, where: str) -> datetime:
    """An ISO 8601 UTC timestamp from a line (the schema has checked its shape)."""
    try:
        return datetime.fromisoformat(value)
    except ValueError as exc:
        raise LineInvalid(f"{where}: not a real date and time: {value!r}") from exc


def check_labels(
    labels: dict[str, Any], vocabulary: ExportVocabulary, where: str
) -> dict[str, list[str]]:
    """Each choice set's label names, checked against the active schema."""
    kinds = {s.name: s.kind for s in vocabulary.choice_sets}
    chosen: dict[str, list[str]] = {}
    for name, value in labels.items():
        if name not in kinds:
            raise LineInvalid(f"{where}.{name}: no such label set in the schema")
        if kinds[name] == "single" and isinstance(value, list):
            raise LineInvalid(f"{where}.{name}: a single-choice set takes a name or null")
        if kinds[name] == "multi" and not isinstance(value, list):
            raise LineInvalid(f"{where}.{name}: a multiple-choice set takes a list of names")
        names = value if isinstance(value, list) else [] if value is None else [value]
        for label in names:
            if label not in vocabulary.active_labels[name]:
                raise LineInvalid(f"{where}.{name}: {label!r} is not a label of this set")
        chosen[name] = sorted(names)
    return chosen


def check_spans(
    spans: list[dict[str, Any]], text: str, vocabulary: ExportVocabulary, where: str
) -> dict[str, dict[SpanKey, SpanLink]]:
    """Spans grouped by span set, each inside the passage and covering the text it claims.

    With each span its link (`holder_links`): a holder's `stance`, an evidence span's
    `holder` as the index of its holder span in the same list.
    """
    grouped: dict[str, dict[SpanKey, SpanLink]] = {}
    keys = [(s["start"], s["end"], s["label"]) for s in spans]
    links = [_link(span, keys, f"{where}/{i}") for i, span in enumerate(spans)]
    try:
        check_links(
            list(zip(keys, links, strict=True)), vocabulary.active_labels.get(STANCE_SET, ())
        )
    except LinkProblem as problem:
        raise LineInvalid(f"{where}/{problem.index}/{problem.field}: {problem}") from None
    for i, span in enumerate(spans):
        here = f"{where}/{i}"
        start, end, label = span["start"], span["end"], span["label"]
        if not start < end <= len(text):
            raise LineInvalid(f"{here}: offsets {start}-{end} do not fit the passage")
        if "text" in span and text[start:end] != span["text"]:
            raise LineInvalid(f"{here}: text {span['text']!r} is not what the offsets cover")
        span_set = vocabulary.span_set_of(label)
        if span_set is None:
            raise LineInvalid(f"{here}: {label!r} is not a span label of the schema")
        grouped.setdefault(span_set, {})[(start, end, label)] = links[i]
    return grouped


def _link(span: dict[str, Any], keys: list[SpanKey], here: str) -> SpanLink:
    """A span's stance and holder as a link; `holder` must be an index into the list."""
    index = span.get("holder")
    if index is None:
        return SpanLink(span.get("stance"))
    if not 0 <= index < len(keys) or keys[index][2] != HOLDER_LABEL:
        raise LineInvalid(f"{here}/holder: {index} is not the index of a holder span of this list")
    return SpanLink(span.get("stance"), keys[index][:2])

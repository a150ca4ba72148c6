"""The native line: one JSON object per passage with resolved and per-annotator labels."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from functools import cache
from importlib import resources
from typing import Any

from annotator.services.exporting.passage_data import AnnotatorRows, PassageData
from annotator.services.exporting.vocabulary import ExportVocabulary
from annotator.services.holder_links import HOLDER_LABEL, NO_LINK, SpanLink
from annotator.services.resolution import (
    Gold,
    LabelSetInfo,
    Record,
    Resolution,
    SpanKey,
    Value,
    resolve,
)

SCHEMA_VERSION = 1
SCHEMA_RESOURCE = "native.schema.json"


_ENCODER = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def _line_encoder() -> Callable[[Any], str]:
    # json.dumps builds a JSONEncoder, and JSONEncoder.encode json's C encoder, on every
    # call: a third of the JSON time of an export line. Build the C encoder once, with the
    # encoder's own settings (no cycle check: a line is a tree).
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:
        return _ENCODER.encode
    encode = make(
        None,
        _ENCODER.default,
        json.encoder.encode_basestring,
        None,
        _ENCODER.key_separator,
        _ENCODER.item_separator,
        False,
        False,
        False,
    )
    return lambda obj: "".join(encode(obj, 0))


_encode = _line_encoder()


def dumps(obj: Any) -> str:
    """One compact JSON line: UTF-8 text unescaped, keys in the order built, NaN refused."""
    return _encode(obj)


@cache
def native_schema() -> dict[str, Any]:
    """The JSON Schema every native line validates against."""
    text = resources.files(__package__).joinpath(SCHEMA_RESOURCE).read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def iso_timestamp(moment: datetime) -> str:
    """ISO 8601 in UTC with microseconds and a Z, the same for every database."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def iso_published(day: date | None, precision: str | None) -> str | None:
    """A publication date at the precision it is known: YYYY-MM-DD, YYYY-MM or YYYY."""
    if day is None:
        return None
    if precision == "year":
        return f"{day.year:04d}"
    if precision == "month":
        return f"{day.year:04d}-{day.month:02d}"
    return day.isoformat()


def _value(kind: str, chosen: set[str] | None) -> Value:
    if kind == "multi":
        return frozenset(chosen or ())
    # A single-choice set holds at most one label; min() keeps a damaged row deterministic.
    return min(chosen) if chosen else None


def annotator_record(name: str, rows: AnnotatorRows, vocabulary: ExportVocabulary) -> Record:
    """One annotator's labels in the shape resolution works on."""
    labels = {s.name: _value(s.kind, rows.values.get(s.name)) for s in vocabulary.choice_sets}
    return Record(name, labels, frozenset(rows.spans), rows.links)


def resolve_passage(data: PassageData, vocabulary: ExportVocabulary) -> Resolution:
    """Resolve a passage set by set: settled gold wins where it exists (see resolution)."""
    records = [
        annotator_record(name, rows, vocabulary)
        for name, rows in sorted(data.annotators.items())
        if rows.has_labels
    ]
    sets = list(vocabulary.choice_sets)
    gold = None
    if data.gold_values or data.gold_spans:
        kinds = {s.name: s.kind for s in sets}
        gold = Gold(
            {name: _value(kinds[name], chosen) for name, chosen in data.gold_values.items()},
            {name: frozenset(spans) for name, spans in data.gold_spans.items()},
            data.gold_links,
        )
    return resolve(sets, records, gold, vocabulary.span_sets)


def _gold_provenance(data: PassageData, vocabulary: ExportVocabulary) -> dict[str, Any] | None:
    """Who settled each label set's gold, when and why; null for a set nobody settled.

    Every active set has its key once anything is settled, so the column keeps one type
    (a Parquet struct) from the first line to the last. None: nothing settled.
    """
    if not data.gold_by:
        return None
    names = [s.name for s in vocabulary.choice_sets] + [s.name for s in vocabulary.span_sets]
    out: dict[str, Any] = {}
    for name in names:
        given = data.gold_by.get(name)
        out[name] = (
            None
            if given is None
            else {
                "reviewer": given.reviewer,
                "settled_at": iso_timestamp(given.settled_at),
                "reason": given.reason,
            }
        )
    return out


def _json_value(value: Value) -> str | None | list[str]:
    return sorted(value) if isinstance(value, frozenset) else value


def span_objects(
    text: str, spans: Any, links: Mapping[SpanKey, SpanLink] | None = None
) -> list[dict[str, Any]]:
    """Spans relative to the passage text, each with the text it covers.

    `stance` is a holder span's own stance, `holder` an evidence span's holder (the index
    of that holder span in the same list); both null otherwise, so every span has the same
    keys and a typed loader (Parquet, `datasets`) gives back exactly the JSON.
    """
    ordered = sorted(spans)
    index = {key: i for i, key in enumerate(ordered)}
    out = []
    for key in ordered:
        s, e, label = key
        link = (links or {}).get(key, NO_LINK)
        holder = None if link.holder is None else index[(*link.holder, HOLDER_LABEL)]
        out.append(
            {
                "start": s,
                "end": e,
                "label": label,
                "text": text[s:e],
                "stance": link.stance,
                "holder": holder,
            }
        )
    return out


def _annotation(
    name: str, rows: AnnotatorRows, text: str, choice_sets: tuple[LabelSetInfo, ...]
) -> dict[str, Any]:
    assert rows.created_at is not None and rows.updated_at is not None
    return {
        "annotator": name,
        "labels": {
            s.name: _json_value(_value(s.kind, rows.values.get(s.name))) for s in choice_sets
        },
        "spans": span_objects(text, rows.spans, rows.links),
        "note": rows.note,
        # The version their labels were made under: a record whose labels were all cleared
        # (a note alone) has none, and an import of it stores none.
        "codebook_version": rows.codebook_version if rows.has_labels else None,
        "created_at": iso_timestamp(rows.created_at),
        "updated_at": iso_timestamp(rows.updated_at),
    }


def native_line(data: PassageData, vocabulary: ExportVocabulary) -> dict[str, Any]:
    """The native export object of one passage, keys in their documented order."""
    if not data.labelled:
        # Most passages: what resolve() gives a passage without records or gold, built directly.
        return {
            **_passage_fields(data),
            "labels": {s.name: [] if s.kind == "multi" else None for s in vocabulary.choice_sets},
            "spans": [],
            "status": "unlabeled",
            "set_status": {s.name: "unlabeled" for s in vocabulary.choice_sets},
            "gold": None,
            "annotations": [],
        }
    resolution = resolve_passage(data, vocabulary)
    return {
        **_passage_fields(data),
        "labels": resolution.labels,
        "spans": span_objects(data.text, resolution.spans, resolution.links),
        "status": resolution.status,
        "set_status": {name: r.status for name, r in resolution.sets.items()},
        "gold": _gold_provenance(data, vocabulary),
        "annotations": [
            _annotation(name, rows, data.text, vocabulary.choice_sets)
            for name, rows in sorted(data.annotators.items())
            # A record emptied in the app (no label, span or note) says nothing.
            if rows.has_labels or rows.note
        ],
    }


def _passage_fields(data: PassageData) -> dict[str, Any]:
    """The line's leading keys: which passage, where it sits, its text."""
    return {
        "schema_version": SCHEMA_VERSION,
        "id": data.uid,
        "article_id": data.article_uid,
        "article_title": data.article_title,
        "source": data.source,
        "published": iso_published(data.published, data.published_precision),
        "passage_index": data.index,
        "start": data.start,
        "end": data.end,
        "kind": data.kind,
        "text": data.text,
    }

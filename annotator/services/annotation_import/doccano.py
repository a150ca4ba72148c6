"""doccano 1.8 JSONL exports as proposals.

doccano writes one object per example: `id` (its own example number), `text`, the
example's metadata keys (ours: `passage_id`, `article_id`, …, when the project was made
from our export), `label` and `Comments`. `label` is a list of category names in a text
classification project and a list of [start, end, label] in a sequence labelling one;
offsets count UTF-16 code units unless the project counted code points. A sequence
labelling project with relations writes `entities` and `relations` instead: an entity
label `holder:<stance>` is a holder span with its own stance, and a relation of type
`evidence_of` links an evidence entity to its holder entity (as our export writes them).
"""

from __future__ import annotations

import json
from typing import Any

from annotator.services.annotation_import.label_names import LabelNames
from annotator.services.annotation_import.lines import LineInvalid
from annotator.services.annotation_import.proposals import Locator, Proposal
from annotator.services.exporting.doccano import EVIDENCE_OF, STANCE_SEPARATOR
from annotator.text.offsets import OffsetError, from_unit


def _optional_str(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    return value if isinstance(value, str) and value else None


def _spans(text: str, triples: list[Any], names: LabelNames, unit: str) -> list[dict[str, Any]]:
    spans = []
    for i, triple in enumerate(triples):
        if not (
            isinstance(triple, list)
            and len(triple) == 3
            and all(isinstance(x, int) and not isinstance(x, bool) for x in triple[:2])
            and isinstance(triple[2], str)
        ):
            raise LineInvalid(f"label/{i}: a span is [start, end, label]")
        try:
            start, end = (from_unit(text, x, unit) for x in triple[:2])
        except OffsetError as exc:
            raise LineInvalid(f"label/{i}: {exc} (offsets in {unit})") from exc
        if not start < end:
            raise LineInvalid(f"label/{i}: start {triple[0]} is not before end {triple[1]}")
        spans.append(
            {"start": start, "end": end, "label": names.span(triple[2]), "text": text[start:end]}
        )
    return spans


def doccano_proposal(line: str, names: LabelNames, unit: str) -> Proposal:
    """One doccano record as one proposal of the --as user."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise LineInvalid(f"broken JSON: {exc.msg} at column {exc.colno}") from exc
    if not isinstance(record, dict):
        raise LineInvalid("a doccano record is a JSON object")
    text = record.get("text")
    if not isinstance(text, str) or not text:
        raise LineInvalid("text: a doccano record needs its text")
    label = record.get("label", [])
    if not isinstance(label, list):
        raise LineInvalid("label: a list of categories or of [start, end, label]")
    locator = Locator(
        passage_id=_optional_str(record, "passage_id"),
        article_id=_optional_str(record, "article_id"),
        text=text,
    )
    if "entities" in record:
        return Proposal(locator, spans=_relation_spans(text, record, names, unit))
    if all(isinstance(x, str) for x in label):
        return Proposal(locator, labels=names.labels(label))
    return Proposal(locator, spans=_spans(text, label, names, unit))


def _relation_spans(
    text: str, record: dict[str, Any], names: LabelNames, unit: str
) -> list[dict[str, Any]]:
    """Spans of a relations record: entities, holder stances and evidence_of links."""
    entities, relations = record.get("entities"), record.get("relations", [])
    if not isinstance(entities, list) or not isinstance(relations, list):
        raise LineInvalid("entities and relations: lists of objects")
    triples: list[Any] = []
    stances: list[str | None] = []
    index: dict[Any, int] = {}
    for i, entity in enumerate(entities):
        keys = ("id", "label", "start_offset", "end_offset")
        if not isinstance(entity, dict) or not all(k in entity for k in keys):
            raise LineInvalid(f"entities/{i}: an entity has id, label, start_offset, end_offset")
        label, _, own = str(entity["label"]).partition(STANCE_SEPARATOR)
        triples.append([entity["start_offset"], entity["end_offset"], label])
        stances.append(own or None)
        index[entity["id"]] = i
    spans = _spans(text, triples, names, unit)
    for span, given in zip(spans, stances, strict=True):
        if given:
            span["stance"] = given
    for i, relation in enumerate(relations):
        if not isinstance(relation, dict) or relation.get("type") != EVIDENCE_OF:
            raise LineInvalid(f"relations/{i}: only {EVIDENCE_OF} relations are imported")
        source, target = relation.get("from_id"), relation.get("to_id")
        if source not in index or target not in index:
            raise LineInvalid(f"relations/{i}: from_id and to_id must name entities")
        spans[index[source]]["holder"] = index[target]
    return spans

"""doccano 1.8 JSONL exports as proposals.

doccano writes one object per example: `id` (its own example number), `text`, the
example's metadata keys (ours: `passage_id`, `article_id`, …, when the project was made
from our export), `label` and `Comments`. `label` is a list of category names in a text
classification project and a list of [start, end, label] in a sequence labelling one;
offsets count UTF-16 code units unless the project counted code points.
"""

from __future__ import annotations

import json
from typing import Any

from annotator.services.annotation_import.label_names import LabelNames
from annotator.services.annotation_import.lines import LineInvalid
from annotator.services.annotation_import.proposals import Locator, Proposal
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
    if all(isinstance(x, str) for x in label):
        return Proposal(locator, labels=names.labels(label))
    return Proposal(locator, spans=_spans(text, label, names, unit))

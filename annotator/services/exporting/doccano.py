"""doccano 1.8 JSONL: text classification lines, and sequence-labelling lines for spans.

doccano reads `text` and `label` and keeps every other key of a line as the example's
metadata. Category names are `<label set>:<label>` because one doccano project has a
single flat list of categories.

A sequence-labelling project with relations reads `entities` ({id, label, start_offset,
end_offset}) and `relations` ({id, from_id, to_id, type}) instead of `label`. There a
holder span with its own stance is the entity label `holder:<stance>` (plain `holder`
without one), and an evidence span linked to its holder is a relation of type
`evidence_of` from the evidence entity to the holder entity (docs/export.md).
"""

from __future__ import annotations

from typing import Any

from annotator.text.offsets import to_unit

METADATA_KEYS = (
    ("id", "passage_id"),
    ("article_id", "article_id"),
    ("article_title", "article_title"),
    ("source", "source"),
    ("published", "published"),
    ("passage_index", "passage_index"),
    ("status", "status"),
)


def category(label_set: str, label: str) -> str:
    """The doccano category name of one label."""
    return f"{label_set}:{label}"


def _metadata(native: dict[str, Any]) -> dict[str, Any]:
    return {target: native[key] for key, target in METADATA_KEYS}


def classification_line(native: dict[str, Any]) -> dict[str, Any]:
    """A text-classification line from a native line's resolved labels."""
    labels: list[str] = []
    for label_set, value in native["labels"].items():
        if isinstance(value, list):
            labels.extend(category(label_set, v) for v in value)
        elif value is not None:
            labels.append(category(label_set, value))
    return {"text": native["text"], "label": labels, **_metadata(native)}


def sequence_line(native: dict[str, Any], unit: str = "utf16") -> dict[str, Any]:
    """A sequence-labelling line: resolved spans as [start, end, label], offsets in unit."""
    text = native["text"]
    spans = [
        [to_unit(text, s["start"], unit), to_unit(text, s["end"], unit), s["label"]]
        for s in native["spans"]
    ]
    return {"text": text, "label": spans, **_metadata(native)}


STANCE_SEPARATOR = ":"  # holder:<stance>, an entity label of a relations project
EVIDENCE_OF = "evidence_of"  # the relation from an evidence entity to its holder entity


def entity_label(span: dict[str, Any]) -> str:
    """The entity label of a span: `holder:<stance>` for a holder with its own stance."""
    stance = span.get("stance")
    return f"{span['label']}{STANCE_SEPARATOR}{stance}" if stance else span["label"]


def relations_line(native: dict[str, Any], unit: str = "utf16") -> dict[str, Any]:
    """A sequence-labelling line with relations; entity ids are span indexes + 1."""
    text = native["text"]
    entities = [
        {
            "id": i + 1,
            "label": entity_label(s),
            "start_offset": to_unit(text, s["start"], unit),
            "end_offset": to_unit(text, s["end"], unit),
        }
        for i, s in enumerate(native["spans"])
    ]
    relations = [
        {"id": n, "from_id": i + 1, "to_id": s["holder"] + 1, "type": EVIDENCE_OF}
        for n, (i, s) in enumerate(
            ((i, s) for i, s in enumerate(native["spans"]) if s.get("holder") is not None), 1
        )
    ]
    return {"text": text, "entities": entities, "relations": relations, **_metadata(native)}


def has_labels(native: dict[str, Any], fmt: str) -> bool:
    """Whether the line has a value in the label column of this doccano format."""
    if fmt in ("doccano-spans", "doccano-relations"):
        return bool(native["spans"])
    return any(value for value in native["labels"].values())

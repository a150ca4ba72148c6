"""doccano 1.8 JSONL: text classification lines, and sequence-labelling lines for spans.

doccano reads `text` and `label` and keeps every other key of a line as the example's
metadata. Category names are `<label set>:<label>` because one doccano project has a
single flat list of categories.
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


def has_labels(native: dict[str, Any], fmt: str) -> bool:
    """Whether the line has a value in the label column of this doccano format."""
    if fmt == "doccano-spans":
        return bool(native["spans"])
    return any(value for value in native["labels"].values())

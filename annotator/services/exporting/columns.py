"""The native line's columns with their types: an Arrow schema and Hugging Face features.

Both are built from the active label schema, so every column is typed up front and a
loader never guesses from the first rows: `published` stays a string at whatever
precision it has (`2019`, `2019-12`, `2019-12-03`), timestamps stay the ISO strings of the
JSONL, and a label column that is null for the first ten thousand rows is still a string.
"""

from __future__ import annotations

import json
from typing import Any

from annotator.services.exporting.vocabulary import ExportVocabulary

# (column, type) in line order; a type is "string", "int64", or a nested shape below.
Shape = Any


def _labels_shape(vocabulary: ExportVocabulary) -> Shape:
    return {
        "struct": [
            (s.name, {"list": "string"} if s.kind == "multi" else "string")
            for s in vocabulary.choice_sets
        ]
    }


PROVENANCE: Shape = {
    "struct": [("reviewer", "string"), ("settled_at", "string"), ("reason", "string")]
}


def _set_status_shape(vocabulary: ExportVocabulary) -> Shape:
    return {"struct": [(s.name, "string") for s in vocabulary.choice_sets]}


def _gold_shape(vocabulary: ExportVocabulary) -> Shape:
    names = [s.name for s in vocabulary.choice_sets] + [s.name for s in vocabulary.span_sets]
    return {"struct": [(name, PROVENANCE) for name in names]}


SPANS: Shape = {
    "list": {
        "struct": [
            ("start", "int64"),
            ("end", "int64"),
            ("label", "string"),
            ("text", "string"),
            ("stance", "string"),  # a holder's own stance, else null
            ("holder", "int64"),  # an evidence span's holder: its index in the list, else null
        ]
    }
}


def line_shape(vocabulary: ExportVocabulary) -> list[tuple[str, Shape]]:
    """Each native line key with its type, in the line's order."""
    labels = _labels_shape(vocabulary)
    annotation = {
        "struct": [
            ("annotator", "string"),
            ("labels", labels),
            ("spans", SPANS),
            ("note", "string"),
            ("codebook_version", "int64"),
            ("created_at", "string"),
            ("updated_at", "string"),
        ]
    }
    return [
        ("schema_version", "int64"),
        ("id", "string"),
        ("article_id", "string"),
        ("article_title", "string"),
        ("source", "string"),
        ("published", "string"),
        ("passage_index", "int64"),
        ("start", "int64"),
        ("end", "int64"),
        ("kind", "string"),
        ("text", "string"),
        ("labels", labels),
        ("spans", SPANS),
        ("status", "string"),
        ("set_status", _set_status_shape(vocabulary)),
        ("gold", _gold_shape(vocabulary)),
        ("annotations", {"list": annotation}),
    ]


def arrow_type(shape: Shape) -> Any:
    """The Arrow type of a shape."""
    import pyarrow as pa

    if shape == "string":
        return pa.string()
    if shape == "int64":
        return pa.int64()
    if "list" in shape:
        return pa.list_(arrow_type(shape["list"]))
    return pa.struct([pa.field(name, arrow_type(inner)) for name, inner in shape["struct"]])


def arrow_schema(vocabulary: ExportVocabulary) -> Any:
    """The explicit Arrow schema of the Parquet export."""
    import pyarrow as pa

    return pa.schema([pa.field(name, arrow_type(shape)) for name, shape in line_shape(vocabulary)])


def _feature_yaml(name: str, shape: Shape, indent: str) -> list[str]:
    # The YAML `datasets` writes for its Features (Features._to_yaml_list), by hand: the
    # app does not depend on `datasets`; a test parses this back with it.
    lines = [f"{indent}- name: {json.dumps(name, ensure_ascii=False)}"]
    inner = indent + "  "
    if isinstance(shape, str):
        return [*lines, f"{inner}dtype: {shape}"]
    if "list" in shape and isinstance(shape["list"], str):
        return [*lines, f"{inner}list: {shape['list']}"]
    key, body = (
        ("list", shape["list"]["struct"]) if "list" in shape else ("struct", shape["struct"])
    )
    lines.append(f"{inner}{key}:")
    for field_name, field_shape in body:
        lines += _feature_yaml(field_name, field_shape, inner)
    return lines


def front_matter(vocabulary: ExportVocabulary, data_path: str) -> str:
    """The card's YAML header: the data file as the train split, and every column's type."""
    lines = [
        "---",
        "language:",
        "- zh",
        "configs:",
        "- config_name: default",
        "  data_files:",
        "  - split: train",
        f"    path: {json.dumps(data_path, ensure_ascii=False)}",
        "dataset_info:",
        "  features:",
    ]
    for name, shape in line_shape(vocabulary):
        lines += _feature_yaml(name, shape, "  ")
    return "\n".join([*lines, "---", ""]) + "\n"

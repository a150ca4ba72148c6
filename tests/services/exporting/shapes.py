"""The import shapes doccano 1.8 and Label Studio document, as JSON Schemas.

doccano 1.8 (backend/data_import): a JSONL line is an object whose `text` is a non-empty
string and whose `label` column holds, for text classification, a list of non-empty
category names, and for sequence labeling a list of [start_offset, end_offset, label]
with non-negative integer offsets and start < end; every other key becomes metadata.

Label Studio (docs "Import pre-annotated data" / "Label Studio JSON format"): a JSON list
of tasks; each task has a `data` object holding the field the labeling config's Text
tag reads ($text), and optional `annotations` / `predictions`, each with a `result` list
whose items name `from_name` (a control tag), `to_name` (the Text tag), a `type`, and a
`value`: {"choices": [...]} for Choices, {"start", "end", "text", "labels": [...]} for
Labels, {"text": [...]} for TextArea. A per-region Choices result (perRegion="true") has
the region's `id` and its offsets in `value` beside `choices`. A relation result ("Relations"
in the docs' result format) has no from_name/value but `from_id` and `to_id` (region ids),
`type: "relation"`, a `direction` and optional `labels`.

doccano 1.8 sequence labeling with relations (backend/data_import, "JSONL (Relation)"):
`text`, `entities` [{id, label, start_offset, end_offset}] and `relations`
[{id, from_id, to_id, type}], from_id/to_id naming entity ids of the same line.
"""

from __future__ import annotations

NON_EMPTY = {"type": "string", "minLength": 1}

DOCCANO_CLASSIFICATION = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["text", "label"],
    "properties": {
        "text": NON_EMPTY,
        "label": {"type": "array", "items": NON_EMPTY},
    },
}

DOCCANO_SEQUENCE = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["text", "label"],
    "properties": {
        "text": NON_EMPTY,
        "label": {
            "type": "array",
            "items": {
                "type": "array",
                "prefixItems": [
                    {"type": "integer", "minimum": 0},
                    {"type": "integer", "minimum": 0},
                    NON_EMPTY,
                ],
                "minItems": 3,
                "maxItems": 3,
            },
        },
    },
}

DOCCANO_RELATIONS = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["text", "entities", "relations"],
    "properties": {
        "text": NON_EMPTY,
        "entities": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "label", "start_offset", "end_offset"],
                "properties": {
                    "id": {"type": "integer"},
                    "label": NON_EMPTY,
                    "start_offset": {"type": "integer", "minimum": 0},
                    "end_offset": {"type": "integer", "minimum": 1},
                },
            },
        },
        "relations": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "from_id", "to_id", "type"],
                "properties": {
                    "id": {"type": "integer"},
                    "from_id": {"type": "integer"},
                    "to_id": {"type": "integer"},
                    "type": NON_EMPTY,
                },
            },
        },
    },
}

_RESULT = {
    "type": "object",
    "required": ["type"],
    "properties": {
        "id": {"type": "string"},
        "from_name": NON_EMPTY,
        "to_name": NON_EMPTY,
        "type": {"enum": ["choices", "labels", "textarea", "relation"]},
        "value": {"type": "object"},
    },
    "allOf": [
        {
            "if": {"properties": {"type": {"const": "relation"}}},
            "then": {
                "required": ["from_id", "to_id", "direction"],
                "properties": {
                    "from_id": NON_EMPTY,
                    "to_id": NON_EMPTY,
                    "direction": {"enum": ["left", "right", "bi"]},
                    "labels": {"type": "array", "items": NON_EMPTY},
                },
            },
            "else": {"required": ["from_name", "to_name", "value"]},
        },
        {
            "if": {"properties": {"type": {"const": "choices"}}},
            "then": {
                "properties": {
                    "value": {
                        "required": ["choices"],
                        "properties": {
                            "choices": {"type": "array", "items": NON_EMPTY, "minItems": 1}
                        },
                    }
                }
            },
        },
        {
            "if": {"properties": {"type": {"const": "labels"}}},
            "then": {
                "required": ["id"],
                "properties": {
                    "value": {
                        "required": ["start", "end", "labels"],
                        "properties": {
                            "start": {"type": "integer", "minimum": 0},
                            "end": {"type": "integer", "minimum": 1},
                            "text": {"type": "string"},
                            "labels": {"type": "array", "items": NON_EMPTY, "minItems": 1},
                        },
                    }
                },
            },
        },
        {
            "if": {"properties": {"type": {"const": "textarea"}}},
            "then": {
                "properties": {
                    "value": {
                        "required": ["text"],
                        "properties": {"text": {"type": "array", "items": {"type": "string"}}},
                    }
                }
            },
        },
    ],
}

LABEL_STUDIO_TASKS = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "array",
    "items": {
        "type": "object",
        "required": ["data"],
        "not": {"required": ["id"]},  # "id" is reserved: Label Studio assigns task ids
        "properties": {
            "data": {"type": "object", "required": ["text"], "properties": {"text": NON_EMPTY}},
            "annotations": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["result"],
                    "properties": {
                        "result": {"type": "array", "items": _RESULT},
                        "ground_truth": {"type": "boolean"},
                    },
                },
            },
            "predictions": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["result"],
                    "properties": {"result": {"type": "array", "items": _RESULT}},
                },
            },
        },
    },
}

"""JSON Schemas of the API's bodies, for the OpenAPI document's components."""

from __future__ import annotations

import copy
from typing import Any

from annotator.services.exporting.native import native_schema

NATIVE_DEFS = {
    "labels": "NativeLabels",
    "span": "NativeSpan",
    "timestamp": "Timestamp",
    "annotation": "NativeAnnotation",
}


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


INT = {"type": "integer"}
ID = {"type": "integer", "minimum": 1}
STRING = {"type": "string"}
NAMES = {"type": "array", "items": {"type": "string"}}


def _obj(
    properties: dict[str, Any], required: list[str] | None = None, extra: bool = False
) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "required": list(properties) if required is None else required,
    }
    if not extra:
        schema["additionalProperties"] = False
    return schema


def _rewrite_refs(node: Any) -> Any:
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "$ref" and value.startswith("#/$defs/"):
                out[key] = f"#/components/schemas/{NATIVE_DEFS[value.removeprefix('#/$defs/')]}"
            else:
                out[key] = _rewrite_refs(value)
        return out
    if isinstance(node, list):
        return [_rewrite_refs(v) for v in node]
    return node


def native_components() -> dict[str, Any]:
    """The native line schema with its $defs lifted into components."""
    schema = copy.deepcopy(native_schema())
    defs = schema.pop("$defs")
    for key in ("$schema", "$id"):
        schema.pop(key, None)
    out = {"NativeLine": _rewrite_refs(schema)}
    for name, target in NATIVE_DEFS.items():
        out[target] = _rewrite_refs(defs[name])
    return out


OFFSET = {"type": "integer", "minimum": 0}
SPAN_IN = _obj(
    {
        "start": OFFSET,
        "end": {"type": "integer", "minimum": 1},
        "label": STRING,
        "stance": {
            **nullable(STRING),
            "description": "A holder span's own stance (a label of the stance set).",
        },
        "holder": {
            **nullable(_obj({"start": OFFSET, "end": {"type": "integer", "minimum": 1}})),
            "description": "An evidence span's holder: the offsets of a holder span in the list.",
        },
    },
    required=["start", "end", "label"],
)
CHOICE_STATE = _obj({"values": NAMES, "version": ID})
SPAN_STATE = _obj({"spans": {"type": "array", "items": ref("SpanIn")}, "version": ID})
NOTE_STATE = _obj({"text": STRING, "version": ID})
VERSION_SEEN = {**nullable(ID), "description": "The version the client last saw; null: none."}

ARTICLE_FIELDS: dict[str, Any] = {
    "id": ID,
    "uid": {"type": "string", "pattern": "^[0-9a-f]{16}$"},
    "title": STRING,
    "source": nullable(STRING),
    "published": nullable({"type": "string", "pattern": "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"}),
    "url": nullable(STRING),
    "segmenter_version": STRING,
    "created_at": ref("Timestamp"),
}

COMPONENTS: dict[str, Any] = {
    "Error": _obj(
        {"error": STRING, "field": nullable(STRING)},
        extra=True,
    ),
    "VersionConflict": _obj(
        {
            "error": STRING,
            "field": {"const": "version"},
            "current": nullable(
                {"anyOf": [ref("ChoiceState"), ref("SpanState"), ref("NoteState")]}
            ),
        },
        extra=True,
    ),
    "ArticleSummary": _obj(
        {
            **ARTICLE_FIELDS,
            "passage_count": {"type": "integer", "minimum": 0},
            "body_passage_count": {"type": "integer", "minimum": 0},
        }
    ),
    "ArticleList": _obj(
        {
            "articles": {"type": "array", "items": ref("ArticleSummary")},
            "total": {"type": "integer", "minimum": 0},
            "limit": {"type": "integer", "minimum": 1, "maximum": 500},
            "offset": {"type": "integer", "minimum": 0},
        }
    ),
    "PassageSummary": _obj(
        {
            "id": ID,
            "uid": STRING,
            "index": {"type": "integer", "minimum": 0},
            "start": {"type": "integer", "minimum": 0},
            "end": {"type": "integer", "minimum": 1},
            "kind": {"enum": ["body", "boilerplate"]},
            "text": STRING,
        }
    ),
    "ArticleDetail": _obj(
        {
            **ARTICLE_FIELDS,
            "meta": {"type": "object"},
            "text": STRING,
            "passages": {"type": "array", "items": ref("PassageSummary")},
        }
    ),
    "SpanIn": SPAN_IN,
    "ChoiceState": CHOICE_STATE,
    "SpanState": SPAN_STATE,
    "NoteState": NOTE_STATE,
    "PassageView": _obj(
        {
            "id": ID,
            "uid": STRING,
            "article_id": ID,
            "index": {"type": "integer", "minimum": 0},
            "start": {"type": "integer", "minimum": 0},
            "end": {"type": "integer", "minimum": 1},
            "kind": {"enum": ["body", "boilerplate"]},
            "text": STRING,
            "tokens": {
                "type": "array",
                "items": {"type": "array", "prefixItems": [INT, INT], "minItems": 2, "maxItems": 2},
            },
            "mine": {
                "type": "object",
                "description": "One key per label set: the signed-in editor's state, or null.",
                "additionalProperties": nullable({"anyOf": [ref("ChoiceState"), ref("SpanState")]}),
            },
            "note": nullable(ref("NoteState")),
            "others": {
                "type": ["integer", "null"],
                "minimum": 0,
                "description": "How many other editors tagged the passage; null while blind "
                "mode hides it (until the signed-in editor has tagged it).",
            },
        }
    ),
    "ChoicePut": _obj({"values": {**NAMES, "maxItems": 50}, "version": VERSION_SEEN}),
    "SpanPut": _obj(
        {
            "spans": {"type": "array", "items": ref("SpanIn"), "maxItems": 500},
            "version": VERSION_SEEN,
        }
    ),
    "NotePut": _obj(
        # No NUL: PostgreSQL cannot store it, so the API refuses it (400).
        {
            "text": {"type": "string", "maxLength": 5000, "pattern": "^[^\\u0000]*$"},
            "version": VERSION_SEEN,
        }
    ),
    "ChoiceSaved": _obj({"label_set": STRING, "values": NAMES, "version": nullable(ID)}),
    "SpanSaved": _obj(
        {
            "label_set": STRING,
            "spans": {"type": "array", "items": ref("SpanIn")},
            "version": nullable(ID),
        }
    ),
    "NoteSaved": _obj({"text": STRING, "version": nullable(ID)}),
    **native_components(),
}

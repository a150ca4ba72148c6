"""Explicit JSON body validation: each failure names the field and never becomes a 500."""

from __future__ import annotations

from typing import Any

from flask import request

from annotator.services.annotating import InvalidAnnotation, SpanInput

MAX_VALUES = 50
MAX_SPANS = 500
MAX_NAME_LENGTH = 64
SPAN_KEYS = {"start", "end", "label", "stance", "holder"}
# Far above any real request; the blueprint applies it so a huge body is a 413, not a stall.
MAX_BODY_BYTES = 256 * 1024


def json_object(allowed: set[str]) -> dict[str, Any]:
    """The request body as a JSON object holding only the allowed keys."""
    data = request.get_json(force=True, silent=True)
    if not isinstance(data, dict):
        raise InvalidAnnotation("The body must be a JSON object.", field=None)
    for key in data:
        if key not in allowed:
            raise InvalidAnnotation("Unexpected field %(key)s.", field=str(key), key=key)
    return data


def _integer(value: Any) -> int | None:
    """The value as an int if JSON calls it an integer (1 and 1.0 alike), else None."""
    # bool is an int in Python, but true/false are not offsets or versions in JSON.
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def version_field(data: dict[str, Any]) -> int | None:
    """`version`: required; a positive integer, or null for 'I saw none'."""
    if "version" not in data:
        raise InvalidAnnotation(
            "version is required (null if you have not seen a saved version).", field="version"
        )
    if data["version"] is None:
        return None
    value = _integer(data["version"])
    if value is None or value < 1:
        raise InvalidAnnotation("version must be a positive integer or null.", field="version")
    return value


def _text(value: Any, field: str, max_length: int) -> str:
    if not isinstance(value, str):
        raise InvalidAnnotation("%(field)s must be a string.", field=field)
    if len(value) > max_length:
        raise InvalidAnnotation(
            "%(field)s may have at most %(max)s characters.", field=field, max=max_length
        )
    if "\x00" in value:
        raise InvalidAnnotation("%(field)s must not contain NUL characters.", field=field)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:  # lone surrogates from "\ud800" escapes
        raise InvalidAnnotation("%(field)s is not valid Unicode text.", field=field) from exc
    return value


def values_field(data: dict[str, Any]) -> list[str]:
    """`values`: a list of label names."""
    if "values" not in data:
        raise InvalidAnnotation("values is required for this label set.", field="values")
    values = data["values"]
    if not isinstance(values, list):
        raise InvalidAnnotation("values must be a list of label names.", field="values")
    if len(values) > MAX_VALUES:
        raise InvalidAnnotation("Too many values.", field="values")
    return [_text(v, f"values[{i}]", MAX_NAME_LENGTH) for i, v in enumerate(values)]


def spans_field(data: dict[str, Any]) -> list[SpanInput]:
    """`spans`: a list of {start, end, label[, stance][, holder: {start, end}]} objects."""
    if "spans" not in data:
        raise InvalidAnnotation("spans is required for this label set.", field="spans")
    spans = data["spans"]
    if not isinstance(spans, list):
        raise InvalidAnnotation("spans must be a list.", field="spans")
    if len(spans) > MAX_SPANS:
        raise InvalidAnnotation("Too many spans.", field="spans")
    result = []
    for i, item in enumerate(spans):
        here = f"spans[{i}]"
        if (
            not isinstance(item, dict)
            or not {"start", "end", "label"} <= set(item)
            or not set(item) <= SPAN_KEYS
        ):
            raise InvalidAnnotation(
                "%(field)s must be an object with start, end and label"
                " (and optionally stance and holder).",
                field=here,
            )
        start, end = _offset(item, "start", here), _offset(item, "end", here)
        label = _text(item["label"], f"{here}.label", MAX_NAME_LENGTH)
        stance = item.get("stance")
        if stance is not None:
            stance = _text(stance, f"{here}.stance", MAX_NAME_LENGTH)
        holder = _holder(item.get("holder"), f"{here}.holder")
        result.append(SpanInput(start, end, label, stance, holder))
    return result


def _holder(value: Any, here: str) -> tuple[int, int] | None:
    """`holder`: null, or the {start, end} of the holder span an evidence span is linked to."""
    if value is None:
        return None
    if not isinstance(value, dict) or set(value) != {"start", "end"}:
        raise InvalidAnnotation(
            "%(field)s must be null or an object with start and end.", field=here
        )
    return _offset(value, "start", here), _offset(value, "end", here)


def _offset(item: dict[str, Any], key: str, here: str) -> int:
    value = _integer(item[key])
    if value is None:
        raise InvalidAnnotation("%(field)s must be an integer.", field=f"{here}.{key}")
    return value


def note_text_field(data: dict[str, Any], max_length: int) -> str:
    """`text`: the note, a string of bounded length."""
    if "text" not in data:
        raise InvalidAnnotation("text is required.", field="text")
    return _text(data["text"], "text", max_length)

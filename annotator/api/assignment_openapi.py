"""OpenAPI entries of the assignment endpoints (api/assignment.py) for /api/openapi.json."""

from __future__ import annotations

from typing import Any

JSON = "application/json"
ID = {"type": "integer", "minimum": 1}
ERROR = {
    "type": "object",
    "required": ["error", "field"],
    "properties": {"error": {"type": "string"}, "field": {"type": ["string", "null"]}},
}


def _error(description: str) -> dict[str, Any]:
    return {"description": description, "content": {JSON: {"schema": ERROR}}}


CLAIMED = {
    "type": "object",
    "required": ["passage", "expires_at"],
    "properties": {
        "passage": {
            "anyOf": [
                {
                    "type": "object",
                    "required": ["id", "uid", "article_id", "index"],
                    "properties": {
                        "id": ID,
                        "uid": {"type": "string"},
                        "article_id": ID,
                        "index": {"type": "integer", "minimum": 0},
                    },
                },
                {"type": "null"},
            ]
        },
        "expires_at": {"type": ["string", "null"], "format": "date-time"},
    },
}

OTHER = {
    "type": "object",
    "required": ["user", "display_name", "labels", "spans", "note", "updated_at", "tagged"],
    "properties": {
        "user": {"type": "string"},
        "display_name": {"type": "string"},
        "labels": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
        "spans": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["start", "end", "label"],
                "properties": {
                    "start": {"type": "integer", "minimum": 0},
                    "end": {"type": "integer", "minimum": 1},
                    "label": {"type": "string"},
                },
            },
        },
        "note": {"type": ["string", "null"]},
        "updated_at": {"type": ["string", "null"], "format": "date-time"},
        "tagged": {"type": "boolean"},
    },
}

CLAIM_NEXT = {
    "operationId": "claimNextPassage",
    "summary": "Claim the next body passage that still needs the caller (held ten minutes).",
    "description": "Never more editors per passage than the team setting, counting editors "
    "who tagged it and live claims; two callers never get the same last slot. `after`: "
    "the passage on screen (skipped). `passage` is null when nothing is left.",
    "parameters": [
        {
            "name": "X-CSRFToken",
            "in": "header",
            "required": False,
            "description": "Required with a session cookie; not needed with a bearer token.",
            "schema": {"type": "string"},
        }
    ],
    "requestBody": {
        "required": False,
        "content": {
            JSON: {
                "schema": {
                    "type": "object",
                    "properties": {"after": {"anyOf": [ID, {"type": "null"}]}},
                }
            }
        },
    },
    "responses": {
        "200": {"description": "The claimed passage.", "content": {JSON: {"schema": CLAIMED}}},
        "400": _error("`after` is not a passage id, or the body is not a JSON object."),
        "401": _error("Not signed in."),
    },
}

OTHERS = {
    "operationId": "othersOnPassage",
    "summary": "Other editors' labels, spans and notes on a passage.",
    "description": "In blind mode an editor gets 403 until they have tagged the passage "
    "themselves; reviewers and admins always see.",
    "parameters": [
        {"name": "passage_id", "in": "path", "required": True, "schema": ID},
    ],
    "responses": {
        "200": {
            "description": "Everyone else's work on the passage.",
            "content": {
                JSON: {
                    "schema": {
                        "type": "object",
                        "required": ["passage_id", "hidden", "others"],
                        "properties": {
                            "passage_id": ID,
                            "hidden": {"const": False},
                            "others": {"type": "array", "items": OTHER},
                        },
                    }
                }
            },
        },
        "401": _error("Not signed in."),
        "403": _error("Hidden until the caller tags the passage (blind mode)."),
        "404": _error("No such passage."),
    },
}


def add_assignment_paths(paths: dict[str, Any]) -> dict[str, Any]:
    """The paths with the assignment operations merged in (other methods on a path are kept)."""
    merged = {path: dict(item) for path, item in paths.items()}
    merged.setdefault("/api/queue/next", {})["post"] = CLAIM_NEXT
    merged.setdefault("/api/passages/{passage_id}/others", {})["get"] = OTHERS
    return merged

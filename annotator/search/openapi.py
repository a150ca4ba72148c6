"""The search feature's part of the OpenAPI document (merged by annotator.api.openapi)."""

from __future__ import annotations

from typing import Any

from annotator.api.schemas import ID, STRING, _obj, nullable, ref

JSON = "application/json"
ERRORS = {
    400: "A parameter is wrong; `field` names it.",
    401: "Not signed in: send a session cookie or a bearer token.",
    403: "Signed in, but the role does not allow this.",
    404: "No such passage.",
}
COUNT = {"type": "integer", "minimum": 0}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {JSON: {"schema": schema}}}


def _errors(*codes: int) -> dict[str, Any]:
    return {str(code): _json(ref("Error"), ERRORS[code]) for code in codes}


def _query(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"name": name, "in": "query", "schema": schema, "description": description}


PASSAGE_ID = {
    "name": "passage_id",
    "in": "path",
    "required": True,
    "description": "Passage id.",
    "schema": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1},
}
CSRF_HEADER = {
    "name": "X-CSRFToken",
    "in": "header",
    "required": False,
    "description": "Required with a session cookie; not needed with a bearer token.",
    "schema": {"type": "string"},
}

SEARCH_SCHEMAS: dict[str, Any] = {
    "SearchHit": _obj(
        {
            "passage_id": ID,
            "article_id": ID,
            "article_title": STRING,
            "index": COUNT,
            "kind": {"enum": ["body", "boilerplate"]},
            "score": {"type": "number"},
            "status": {"enum": ["unlabeled", "single", "agreed", "conflict", "gold"]},
            "labels": {"type": "object", "description": "Resolved labels by label set."},
            "text": STRING,
            "snippet_html": {"type": "string", "description": "Escaped text with <mark>s."},
            "url": STRING,
        }
    ),
    "SearchResults": _obj(
        {
            "query": STRING,
            "total": COUNT,
            "page": {"type": "integer", "minimum": 1},
            "per_page": {"type": "integer", "minimum": 1, "maximum": 100},
            "has_next": {"type": "boolean"},
            "hits": {"type": "array", "items": ref("SearchHit")},
        }
    ),
    "LabelSuggestion": _obj(
        {
            "label_set": STRING,
            "label": STRING,
            "source": {"enum": ["cue", "model"]},
            "confidence": nullable({"type": "number", "minimum": 0, "maximum": 1}),
            "reason": STRING,
            "model_version": STRING,
        }
    ),
    "HolderSuggestion": _obj(
        {
            "start": COUNT,
            "end": {"type": "integer", "minimum": 1},
            "text": STRING,
            "canonical": nullable(STRING),
        }
    ),
    "PassageLinkView": _obj(
        {
            "passage_id": ID,
            "article_id": ID,
            "index": COUNT,
            "article_title": STRING,
            "similarity": {"type": "number", "minimum": 0, "maximum": 1},
            "url": STRING,
        }
    ),
    "Suggestions": _obj(
        {
            "labels": {"type": "array", "items": ref("LabelSuggestion")},
            "holders": {"type": "array", "items": ref("HolderSuggestion")},
            "also_in": {"type": "array", "items": ref("PassageLinkView")},
        }
    ),
    "ReindexProgress": _obj(
        {
            "articles": COUNT,
            "passages_changed": COUNT,
            "stale": COUNT,
            "total": COUNT,
            "version": STRING,
        }
    ),
    "TrainingReport": _obj(
        {
            "sets": {
                "type": "array",
                "items": _obj(
                    {
                        "label_set": STRING,
                        "status": {"enum": ["trained", "unchanged", "not enough labels"]},
                        "examples": COUNT,
                        "message": STRING,
                        "version": nullable(STRING),
                        "predictions": COUNT,
                    }
                ),
            }
        }
    ),
}

SEARCH_PATHS: dict[str, Any] = {
    "/api/search": {
        "get": {
            "operationId": "searchPassages",
            "summary": "Full-text search: every word must occur; ranked, highlighted, paged.",
            "description": "The query is split into words like the passages (jieba), folded to "
            "Simplified Chinese and lower case; punctuation and operators are plain text. "
            "`total` counts every match the filters leave (computed with the page).",
            "parameters": [
                _query("q", {"type": "string", "maxLength": 1000}, "The words to find."),
                _query("label", STRING, "A label as label_set:label."),
                _query("scope", {"enum": ["any", "resolved"]}, "Whose label counts."),
                _query(
                    "status",
                    {"enum": ["unlabeled", "single", "agreed", "conflict", "gold"]},
                    "Resolution status.",
                ),
                _query("annotator", STRING, "A username."),
                _query("article", {"type": "string", "pattern": "^[0-9]{1,9}$"}, "Article id."),
                _query("kind", {"enum": ["body", "boilerplate"]}, "Passage kind."),
                _query("page", {"type": "string", "pattern": "^[0-9]{1,4}$"}, "From 1."),
                _query("per_page", {"type": "string", "pattern": "^[0-9]{1,3}$"}, "1 to 100."),
            ],
            "responses": {
                "200": _json(ref("SearchResults"), "A page of matching passages."),
                **_errors(400, 401),
            },
        }
    },
    "/api/passages/{passage_id}/suggestions": {
        "get": {
            "operationId": "passageSuggestions",
            "summary": "Label hints (model, cue words), holder spans and repeats; never saved.",
            "parameters": [PASSAGE_ID],
            "responses": {
                "200": _json(ref("Suggestions"), "The hints."),
                **_errors(401, 404),
            },
        }
    },
    "/api/passages/{passage_id}/links": {
        "get": {
            "operationId": "passageLinks",
            "summary": "Passages in other articles that repeat this one.",
            "parameters": [PASSAGE_ID],
            "responses": {
                "200": _json(
                    _obj({"links": {"type": "array", "items": ref("PassageLinkView")}}),
                    "The repeats, most similar first.",
                ),
                **_errors(401, 404),
            },
        }
    },
    "/api/search/reindex": {
        "post": {
            "operationId": "reindexChunk",
            "summary": "Admins: re-index the next chunk of out-of-date articles.",
            "description": "Call until `stale` is 0 (or `articles` is 0).",
            "parameters": [CSRF_HEADER],
            "responses": {
                "200": _json(ref("ReindexProgress"), "Progress."),
                **_errors(401, 403),
            },
        }
    },
    "/api/suggestions/train": {
        "post": {
            "operationId": "trainSuggester",
            "summary": "Admins: train the label suggester on resolved labels that changed.",
            "parameters": [
                _query("force", {"enum": ["1"]}, "Retrain even if nothing changed."),
                CSRF_HEADER,
            ],
            "responses": {
                "200": _json(ref("TrainingReport"), "What was trained."),
                **_errors(401, 403),
            },
        }
    },
}

__all__ = ["SEARCH_PATHS", "SEARCH_SCHEMAS"]

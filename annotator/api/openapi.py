"""The OpenAPI 3.1 document of every /api/ endpoint, served at /api/openapi.json."""

from __future__ import annotations

from functools import cache
from typing import Any

from flask import Blueprint
from flask.typing import ResponseReturnValue

from annotator.api.assignment_openapi import add_assignment_paths
from annotator.api.schemas import COMPONENTS, ID, STRING, _obj, ref
from annotator.auth.permissions import role_required
from annotator.jobs.openapi import JOB_PATHS, JOB_SCHEMAS
from annotator.search.openapi import SEARCH_PATHS, SEARCH_SCHEMAS
from annotator.services.exporting import FORMATS, OFFSET_UNITS, STATUS_FILTERS

bp = Blueprint("api_openapi", __name__, url_prefix="/api")

JSON = "application/json"


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {JSON: {"schema": schema}}}


def _errors(*codes: int) -> dict[str, Any]:
    text = {
        400: "A parameter or body field is wrong; `field` names it.",
        401: "Not signed in: send a session cookie or a bearer token.",
        403: "Signed in, but the role does not allow this.",
        404: "No such resource; `field` names the path parameter.",
        409: "The stored version differs from the one sent; `current` holds it.",
        413: "The body is too large.",
    }
    return {
        str(code): _json(ref("VersionConflict" if code == 409 else "Error"), text[code])
        for code in codes
    }


def _path_id(name: str, what: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "path",
        "required": True,
        "description": what,
        "schema": {"type": "integer", "minimum": 1},
    }


CSRF_HEADER = {
    "name": "X-CSRFToken",
    "in": "header",
    "required": False,
    "description": "Required with a session cookie (from <meta name=csrf-token>); "
    "not needed with a bearer token.",
    "schema": {"type": "string"},
}

PATHS: dict[str, Any] = {
    "/api/articles": {
        "get": {
            "operationId": "listArticles",
            "summary": "Articles in import order with passage counts, a page at a time.",
            "parameters": [
                {
                    "name": "limit",
                    "in": "query",
                    "schema": {"type": "integer", "minimum": 1, "maximum": 500, "default": 100},
                },
                {
                    "name": "offset",
                    "in": "query",
                    "schema": {"type": "integer", "minimum": 0, "maximum": 10**9, "default": 0},
                },
            ],
            "responses": {
                "200": _json(ref("ArticleList"), "A page of articles."),
                **_errors(400, 401, 403),
            },
        }
    },
    "/api/articles/titles": {
        "get": {
            "operationId": "findArticleTitles",
            "summary": "Up to 20 visible articles whose number is q or whose title contains it, "
            "newest first (the article pickers' suggestions).",
            "parameters": [
                {
                    "name": "q",
                    "in": "query",
                    "schema": {"type": "string", "maxLength": 200, "default": ""},
                }
            ],
            "responses": {
                "200": _json(
                    _obj(
                        {
                            "articles": {
                                "type": "array",
                                "maxItems": 20,
                                "items": _obj({"id": ID, "title": STRING, "label": STRING}),
                            }
                        }
                    ),
                    "Matching articles; label is what the picker submits (#id title).",
                ),
                **_errors(400, 401, 403),
            },
        }
    },
    "/api/articles/{article_id}": {
        "get": {
            "operationId": "getArticle",
            "summary": "One article with its text and every passage.",
            "parameters": [_path_id("article_id", "Article id.")],
            "responses": {
                "200": _json(ref("ArticleDetail"), "The article."),
                **_errors(401, 403, 404),
            },
        }
    },
    "/api/articles/{article_id}/annotations": {
        "get": {
            "operationId": "getArticleAnnotations",
            "summary": "The caller's article-level labels and the article's roll-up.",
            "description": "See docs/codebook.md; `rollup` has the shape of an articles.jsonl "
            "line without `schema_version`.",
            "parameters": [_path_id("article_id", "Article id.")],
            "responses": {
                "200": _json(
                    {
                        "type": "object",
                        "required": ["article_id", "mine", "rollup"],
                        "properties": {
                            "article_id": {"type": "integer"},
                            "mine": {"type": "object"},
                            "rollup": {"type": "object"},
                        },
                    },
                    "My article-level labels and the roll-up.",
                ),
                **_errors(401, 403, 404),
            },
        }
    },
    "/api/articles/{article_id}/annotations/{label_set_name}": {
        "put": {
            "operationId": "putArticleAnnotation",
            "summary": "Replace the caller's values of one article-scope label set "
            "(e.g. article_stance).",
            "parameters": [
                _path_id("article_id", "Article id."),
                {
                    "name": "label_set_name",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "string", "minLength": 1, "maxLength": 64},
                },
                CSRF_HEADER,
            ],
            "requestBody": {"required": True, "content": {JSON: {"schema": ref("ChoicePut")}}},
            "responses": {
                "200": _json(ref("ChoiceSaved"), "Saved."),
                **_errors(400, 401, 403, 404, 409, 413),
            },
        }
    },
    "/api/export": {
        "get": {
            "operationId": "exportDataset",
            "summary": "The dataset, streamed: a JSON object per line (Label Studio: a JSON list).",
            "description": "Reviewers and admins only. The bytes equal `annotator export` with "
            "the same options. Native lines follow the NativeLine schema.",
            "parameters": [
                {
                    "name": "format",
                    "in": "query",
                    "schema": {"enum": list(FORMATS), "default": "native"},
                },
                {
                    "name": "status",
                    "in": "query",
                    "schema": {"enum": list(STATUS_FILTERS), "default": "all"},
                },
                {
                    "name": "include_boilerplate",
                    "in": "query",
                    "schema": {"enum": ["true", "false", "1", "0"], "default": "false"},
                },
                {
                    "name": "offset_unit",
                    "in": "query",
                    "description": "Span offsets of the doccano formats (default utf16); "
                    "the other formats always use code points and ignore it.",
                    "schema": {"enum": list(OFFSET_UNITS)},
                },
            ],
            "responses": {
                "200": {
                    "description": "The export.",
                    "content": {
                        "application/x-ndjson": {"schema": {"type": "string"}},
                        JSON: {"schema": {"type": "array", "items": {"type": "object"}}},
                    },
                },
                **_errors(400, 401, 403),
            },
        }
    },
    "/api/openapi.json": {
        "get": {
            "operationId": "getOpenApi",
            "summary": "This document.",
            "responses": {
                "200": _json({"type": "object"}, "The OpenAPI document."),
                **_errors(401),
            },
        }
    },
    "/api/passages/{passage_id}": {
        "get": {
            "operationId": "getPassage",
            "summary": "A passage, its jieba token boundaries and the caller's own labels.",
            "parameters": [_path_id("passage_id", "Passage id.")],
            "responses": {
                "200": _json(ref("PassageView"), "The passage."),
                **_errors(401, 403, 404),
            },
        }
    },
    "/api/passages/{passage_id}/annotations/{label_set_name}": {
        "put": {
            "operationId": "putAnnotation",
            "summary": "Replace the caller's labels (or spans) of one label set on a passage.",
            "description": "Send `values` for single- and multiple-choice sets, `spans` for span "
            "sets, and the `version` last seen. Offsets are code points relative "
            "to the passage text.",
            "parameters": [
                _path_id("passage_id", "Passage id."),
                {
                    "name": "label_set_name",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "string", "minLength": 1, "maxLength": 64},
                },
                CSRF_HEADER,
            ],
            "requestBody": {
                "required": True,
                "content": {JSON: {"schema": {"oneOf": [ref("ChoicePut"), ref("SpanPut")]}}},
            },
            "responses": {
                "200": _json({"oneOf": [ref("ChoiceSaved"), ref("SpanSaved")]}, "Saved."),
                **_errors(400, 401, 403, 404, 409, 413),
            },
        }
    },
    "/api/passages/{passage_id}/note": {
        "put": {
            "operationId": "putNote",
            "summary": "Replace the caller's note on a passage.",
            "parameters": [_path_id("passage_id", "Passage id."), CSRF_HEADER],
            "requestBody": {"required": True, "content": {JSON: {"schema": ref("NotePut")}}},
            "responses": {
                "200": _json(ref("NoteSaved"), "Saved."),
                **_errors(400, 401, 403, 404, 409, 413),
            },
        }
    },
}


@cache
def openapi_document() -> dict[str, Any]:
    """The whole document; built once, it never changes while the app runs."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "annotator API",
            "version": "1",
            "description": "Read articles and passages, save an editor's labels, stream the "
            'dataset. Errors are JSON `{"error", "field"}`. Authenticate '
            "with `Authorization: Bearer <token>` (create one at /tokens or with "
            "`annotator create-token`) or a session cookie plus X-CSRFToken.",
        },
        "servers": [{"url": "/"}],
        "security": [{"bearerAuth": []}, {"cookieAuth": []}],
        "paths": {**add_assignment_paths(PATHS), **SEARCH_PATHS, **JOB_PATHS},
        "components": {
            "securitySchemes": {
                "bearerAuth": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "A personal token (ann_...).",
                },
                "cookieAuth": {"type": "apiKey", "in": "cookie", "name": "session"},
            },
            "schemas": {**COMPONENTS, **SEARCH_SCHEMAS, **JOB_SCHEMAS},
        },
    }


@bp.get("/openapi.json")
@role_required("editor")
def openapi_json() -> ResponseReturnValue:
    """The OpenAPI 3.1 document describing every /api/ endpoint."""
    return openapi_document()

"""How large a body each endpoint accepts, set before anything reads the body.

The CSRF check and the text guard read form and JSON bodies in app-wide hooks, which run
before any blueprint's own hook: a limit set there came too late, and a browser session
could post 50 MB of JSON to an endpoint meant for 16 KB. This hook runs first for every
client, cookie or token. Only the import upload takes MAX_CONTENT_LENGTH (50 MB by
default); everything else takes MAX_BODY_BYTES (1 MB) or its endpoint's smaller limit.
"""

from __future__ import annotations

from functools import cache

from flask import Flask, current_app, request

UPLOAD_ENDPOINTS = frozenset({"article_import.index", "jobs_api.api_start_import"})


@cache
def blueprint_limits() -> dict[str, int]:
    """Blueprint -> bytes, for JSON endpoints that never need more (their own constants)."""
    from annotator.api.article_labels import MAX_BODY_BYTES as ARTICLE_LABELS
    from annotator.api.validation import MAX_BODY_BYTES as ANNOTATIONS

    return {"api_annotations": ANNOTATIONS, "api_article_labels": ARTICLE_LABELS}


def body_limit(endpoint: str | None) -> int:
    """The largest body `endpoint` accepts, in bytes."""
    config = current_app.config
    if endpoint in UPLOAD_ENDPOINTS:
        return int(config["MAX_CONTENT_LENGTH"])
    blueprint = endpoint.rpartition(".")[0] if endpoint else ""
    limit = blueprint_limits().get(blueprint)
    default = int(config["MAX_BODY_BYTES"])
    return min(limit, default) if limit is not None else default


def limit_body() -> None:
    """Set this request's body limit from its endpoint (a larger body is a 413)."""
    request.max_content_length = body_limit(request.endpoint)


def init_body_limits(app: Flask) -> None:
    """Run `limit_body` before every other request hook, the CSRF check included."""
    app.before_request_funcs.setdefault(None, []).insert(0, limit_body)

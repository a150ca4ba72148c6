"""Each endpoint's body limit holds for every client, before anything reads the body."""

from __future__ import annotations

import json

import pytest
from flask import Flask

from tests.builders.world import World, sign_in_with_csrf


def _json(size: int) -> str:
    return json.dumps({"text": "x" * size, "values": [], "version": None})


@pytest.fixture
def cookie_client(app: Flask, world: World):  # type: ignore[no-untyped-def]
    """A signed-in browser session with CSRF on, sending its token like the pages do."""
    app.config["WTF_CSRF_ENABLED"] = True
    client = app.test_client()
    token = sign_in_with_csrf(client, "admin")
    return client, {"X-CSRFToken": token}


def test_a_browser_session_gets_the_annotation_limit_too(cookie_client, world: World) -> None:  # type: ignore[no-untyped-def]
    client, headers = cookie_client
    url = f"/api/passages/{world.passage_id}/note"
    body = _json(300_000)  # over 256 KB, far under the upload limit
    response = client.put(url, data=body, content_type="application/json", headers=headers)
    assert response.status_code == 413
    assert "256 KB" in response.get_json()["error"]


def test_a_browser_session_gets_the_article_label_limit_too(cookie_client, world: World) -> None:  # type: ignore[no-untyped-def]
    client, headers = cookie_client
    url = f"/api/articles/{world.article_id}/annotations/article_stance"
    response = client.put(url, data=_json(20_000), content_type="application/json", headers=headers)
    assert response.status_code == 413


def test_a_token_client_gets_the_same_limits(app: Flask, world: World) -> None:
    bearer = {"Authorization": f"Bearer {world.tokens['editor']}"}
    url = f"/api/passages/{world.passage_id}/note"
    body = _json(300_000)
    response = app.test_client().put(
        url, data=body, content_type="application/json", headers=bearer
    )
    assert response.status_code == 413


def test_other_endpoints_take_at_most_a_megabyte(cookie_client) -> None:  # type: ignore[no-untyped-def]
    client, headers = cookie_client
    response = client.post(
        "/api/queue/next", data=_json(2_000_000), content_type="application/json", headers=headers
    )
    assert response.status_code == 413


def test_only_the_import_upload_takes_large_bodies(app: Flask, cookie_client) -> None:  # type: ignore[no-untyped-def]
    from annotator.security.body_limits import body_limit

    with app.test_request_context():
        assert body_limit("article_import.index") == app.config["MAX_CONTENT_LENGTH"]
        limits = {rule.endpoint: body_limit(rule.endpoint) for rule in app.url_map.iter_rules()}
    large = {endpoint for endpoint, limit in limits.items() if limit > 1024 * 1024}
    assert large == {"article_import.index", "jobs_api.api_start_import"}

"""Integer query parameters: one parser, a 400 that names the parameter, never a 500."""

from __future__ import annotations

import pytest
from flask import Flask

from tests.builders.world import World, sign_in_with_csrf

HUGE = "9" * 40
BAD_NUMBERS = ["²", "١", "-1", "1.5", "abc", HUGE, "0x10", " 1"]
PAGES = [
    ("/codebook", "version"),
    ("/review", "page"),
    ("/review", "editor"),
    ("/articles", "page"),
    ("/duplicates", "page"),
    ("/api/search", "article"),
    ("/api/articles", "limit"),
]


@pytest.mark.parametrize(("path", "name"), PAGES)
def test_a_bad_number_is_a_400_naming_the_parameter(
    app: Flask, world: World, path: str, name: str
) -> None:
    client = app.test_client()
    sign_in_with_csrf(client, "admin")
    for bad in BAD_NUMBERS:
        response = client.get(path, query_string={name: bad, "q": "模型", "lang": "en"})
        assert response.status_code == 400, (path, name, bad, response.status_code)
        assert f"{name} must be a whole number from" in response.text


@pytest.mark.parametrize("path", ["/review", "/search"])
def test_an_article_filter_naming_no_article_is_a_400_saying_why(
    app: Flask, world: World, path: str
) -> None:
    # The article filter is a picker (a number or title words), not a bare number.
    client = app.test_client()
    sign_in_with_csrf(client, "admin")
    for bad in [b for b in BAD_NUMBERS if b.strip() != "1"]:  # " 1" is article 1, trimmed
        response = client.get(path, query_string={"article": bad, "q": "模型", "lang": "en"})
        assert response.status_code == 400, (path, bad, response.status_code)
        assert "no article" in response.text.lower(), (path, bad)


def test_good_numbers_still_work(app: Flask, world: World) -> None:
    client = app.test_client()
    sign_in_with_csrf(client, "admin")
    assert client.get("/review?page=1&article=1").status_code == 200
    assert client.get("/codebook?version=1").status_code == 200
    assert client.get("/codebook?version=999999").status_code == 404

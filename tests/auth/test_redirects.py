"""After sign-in the browser goes only to a path on this site."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from flask import Flask

from tests.builders.users import PASSWORD
from tests.builders.world import World


@pytest.mark.parametrize(
    "target",
    [
        "////evil.example/x",
        "///evil.example/x",
        "//evil.example/x",
        "/\\evil.example/x",
        "/\t/evil.example/x",
        "https://evil.example/x",
        "javascript:alert(1)",
        "/%2F%2Fevil.example",
    ],
)
def test_sign_in_never_redirects_to_another_host(app: Flask, world: World, target: str) -> None:
    response = app.test_client().post(
        f"/login?next={quote(target, safe='')}",
        data={"username": "editor", "password": PASSWORD},
    )
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith("/") and not location.startswith("//"), location
    assert "\\" not in location and "\t" not in location


def test_a_path_on_this_site_with_its_query_is_kept(app: Flask, world: World) -> None:
    response = app.test_client().post(
        "/login?next=" + quote("/review?page=2#top", safe=""),
        data={"username": "editor", "password": PASSWORD},
    )
    assert response.headers["Location"] == "/review?page=2#top"

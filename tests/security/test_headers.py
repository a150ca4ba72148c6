"""Security headers on every response: pages, API, errors, static files."""

from __future__ import annotations

import re
from pathlib import Path

from flask import Flask

from annotator.security import CONTENT_SECURITY_POLICY
from tests.builders.world import World, sign_in_with_csrf

TEMPLATES = Path(__file__).resolve().parents[2] / "annotator" / "templates"


def _assert_secure_headers(response, where: str) -> None:  # type: ignore[no-untyped-def]
    headers = response.headers
    assert headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY, where
    assert headers["X-Content-Type-Options"] == "nosniff", where
    assert headers["X-Frame-Options"] == "DENY", where
    assert headers["Referrer-Policy"] == "same-origin", where


def test_every_kind_of_response_carries_the_headers(app: Flask, world: World) -> None:
    client = app.test_client()
    anonymous = [
        "/login",
        "/healthz",
        "/static/app.css",
        "/no-such-page",
        "/api/articles",
        "/tokens",
    ]
    for url in anonymous:
        response = client.get(url)
        _assert_secure_headers(response, url)
        response.close()
    sign_in_with_csrf(client, "admin")
    for url in ["/tokens", "/export", "/api/articles", "/api/passages/999999999"]:
        response = client.get(url)
        _assert_secure_headers(response, url)
        assert response.headers["Cache-Control"] == "no-store", url
        response.close()


def test_the_policy_forbids_inline_scripts_and_framing() -> None:
    directives = dict(d.split(" ", 1) for d in CONTENT_SECURITY_POLICY.split("; "))
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY
    assert "unsafe-eval" not in CONTENT_SECURITY_POLICY
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"


def test_templates_have_no_inline_scripts_or_handlers() -> None:
    """Inline code would be blocked by the policy: data goes through JSON blocks instead."""
    problems = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        source = path.read_text(encoding="utf-8")
        # Jinja expressions are server-side code, not HTML attributes (e.g. `only=` kwargs).
        source = re.sub(r"{{.*?}}|{%.*?%}", "", source, flags=re.S)
        for tag in re.findall(r"<script\b[^>]*>", source, flags=re.I):
            if "src=" not in tag and 'type="application/json"' not in tag:
                problems.append(f"{path.name}: {tag}")
        for handler in re.findall(r"\son[a-z]+\s*=", source, flags=re.I):
            problems.append(f"{path.name}: inline handler {handler.strip()}")
        if re.search(r"javascript:", source, flags=re.I):
            problems.append(f"{path.name}: javascript: URL")
        if re.search(r"<style\b|\sstyle\s*=", source, flags=re.I):
            problems.append(f"{path.name}: inline style")
    assert problems == []

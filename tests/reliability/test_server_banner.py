"""gunicorn, as `annotator serve` runs it, does not name itself in a Server header."""

from __future__ import annotations

from pathlib import Path

import requests

from scripts.reliability.databases import Target, prepare
from scripts.reliability.server import Server


def test_responses_carry_no_server_banner(target: Target, tmp_path: Path) -> None:
    prepare(target, editors=0, articles=0)
    server = Server(target, workers=1, threads=2, log=tmp_path / "serve.log")
    server.start()
    try:
        for path in ("/healthz", "/login", "/no-such-page"):
            response = requests.get(server.url + path, timeout=10)
            assert "Server" not in response.headers, (path, response.headers.get("Server"))
            assert "gunicorn" not in str(response.headers).lower()
    finally:
        server.stop()

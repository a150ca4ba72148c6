"""Run the app under gunicorn (production) or Flask's reloader (development)."""

from __future__ import annotations

import gc
import os
from typing import Any

from flask import Flask

# Measured by benchmarks/bench_serve.py (see benchmarks/README.md): which start-up is better.
PRELOAD_DEFAULT = True


def serves_sqlite() -> bool:
    """Whether the configured database (DATABASE_URL, else the instance's file) is SQLite."""
    return not os.environ.get("DATABASE_URL", "sqlite:").startswith("postgres")


def default_workers(sqlite: bool = False) -> int:
    """PostgreSQL: two workers per core, at least two, as requests mostly wait on the database.

    SQLite: one per core, at least two. It writes one transaction at a time, so more processes
    only add hand-offs between them: on 2 cores, 32 clients saving without pause got ~340
    saves/s with 2 workers x 8 threads against ~220-285 with 4 x 4 (benchmarks/bench_serve.py).
    """
    cores = os.cpu_count() or 1
    return max(2, cores if sqlite else 2 * cores)


def default_threads(sqlite: bool = False) -> int:
    """Threads per worker: as many request threads in all with either database."""
    return 8 if sqlite else 4


def drop_server_banner() -> None:
    """Stop gunicorn from naming itself in a `Server` header on every response.

    gunicorn has no setting for it: the header is the first of its default headers, so
    those are filtered. The name and version only help whoever scans for a known flaw.
    """
    from gunicorn.http import wsgi

    if getattr(wsgi.Response.default_headers, "drops_server_banner", False):
        return
    original = wsgi.Response.default_headers

    def default_headers(self: Any) -> list[str]:
        return [h for h in original(self) if not h.lower().startswith("server:")]

    default_headers.drops_server_banner = True  # type: ignore[attr-defined]
    wsgi.Response.default_headers = default_headers  # type: ignore[method-assign]


def run_gunicorn(host: str, port: int, workers: int, threads: int, preload: bool) -> None:
    """Serve create_app() with gunicorn's threaded workers."""
    from gunicorn.app.base import BaseApplication

    from annotator import create_app

    class _Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            settings: dict[str, Any] = {
                "bind": f"{host}:{port}",
                "workers": workers,
                "threads": threads,
                "worker_class": "gthread" if threads > 1 else "sync",
                "preload_app": preload,
                "accesslog": "-",
                "timeout": 120,
                "forwarded_allow_ips": os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
            }
            for key, value in settings.items():
                self.cfg.set(key, value)

        def load(self) -> Flask:
            app = create_app(serving=True)
            if preload:
                warm_up(app)
            return app

    drop_server_banner()
    _Server().run()


def warm_up(app: Flask) -> None:
    """Build the tokenizer before gunicorn forks, so every worker shares one copy of it."""

    from annotator.extensions import db, remove_session
    from annotator.services.tokenizer import get_tokenizer
    from annotator.services.users import dummy_password_hash

    dummy_password_hash()  # made once here, not at each worker's first unknown username
    with app.app_context():
        get_tokenizer(db.session)
        remove_session()
        # Connections must not cross the fork: each worker opens its own.
        db.engine.dispose()
    # What is loaded now lives as long as the process: take it out of the cyclic collector.
    # Its full passes over these objects took up to 300 ms on a loaded machine, every few
    # page requests, and made the pages' p95 tail (benchmarks/ANALYSIS.md); frozen before
    # the fork, the workers also stop writing to pages they share with the master.
    gc.freeze()

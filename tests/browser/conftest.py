"""Browser tests: the app served on 127.0.0.1 (port 0) and Debian's Chromium via Playwright."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from annotator import create_app
from annotator.extensions import db
from annotator.services.importing import collect_paths, import_file
from annotator.services.importing.store import ImportOptions
from annotator.services.tokenizer import get_tokenizer
from annotator.services.users import create_user
from tests.conftest import ROOT, SEEDS

CHROMIUM = os.environ.get("ANNOTATOR_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = ROOT / "artifacts"
PASSWORD = "correct-horse-battery"
USERS = {"editor": "editor", "editor2": "editor", "reviewer": "reviewer", "admin": "admin"}

pytestmark = pytest.mark.browser


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:  # type: ignore[type-arg]
    """Use the system Chromium: Playwright's own browser download cannot work here."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"needs Chromium at {CHROMIUM} (apt-get install chromium fonts-wqy-microhei)")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@dataclass
class LiveServer:
    url: str
    app: object

    def path(self, path: str) -> str:
        return self.url + path


def build_live_app(tmp_path: Path, template: Path, extra_config: dict | None = None):  # type: ignore[no-untyped-def,type-arg]
    """A real app with CSRF on, the seeds imported and one user per role."""
    db_path = tmp_path / "live.sqlite3"
    shutil.copyfile(template, db_path)
    config = {
        "SECRET_KEY": "browser-test-secret",
        "DATABASE_URL": f"sqlite:///{db_path}",
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",
        **(extra_config or {}),
    }
    app = create_app(config)
    with app.app_context():
        tokenizer = get_tokenizer(db.session)
        for path in collect_paths([SEEDS]):
            import_file(db.session, path, tokenizer, ImportOptions())
        for name, role in USERS.items():
            create_user(db.session, name, PASSWORD, role=role)
        db.session.commit()
    return app


@pytest.fixture
def live_server(tmp_path: Path, sqlite_template: Path) -> Iterator[LiveServer]:
    """Serve a fresh app with the seeds in a background thread."""
    app = build_live_app(tmp_path, sqlite_template)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield LiveServer(url=f"http://127.0.0.1:{server.server_port}", app=app)
    finally:
        server.shutdown()
        thread.join(timeout=5)


def sign_in(page, live_server: LiveServer, username: str = "editor") -> None:  # type: ignore[no-untyped-def]
    """Sign in through the real form."""
    page.goto(live_server.path("/login"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state("networkidle")


def screenshot(page, name: str) -> Path:  # type: ignore[no-untyped-def]
    """Save a full-page screenshot under artifacts/ for people to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path

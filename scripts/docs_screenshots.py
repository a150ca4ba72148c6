"""Refresh docs/screenshots/: the article view (both layouts), review, history, dashboard and
the admin's navigation in Chinese and English, from the seeds with a few passages tagged by
two editors.

    .venv/bin/python -m scripts.docs_screenshots      # needs Chromium at /usr/bin/chromium
"""

from __future__ import annotations

import tempfile
import threading
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright
from werkzeug.serving import make_server

from annotator.extensions import db
from annotator.models import User
from tests.browser.conftest import CHROMIUM, PASSWORD, build_live_app
from tests.browser.tagging_helpers import body_passages
from tests.conftest import _migrated, base_config

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
NAMES = {"editor": "王芳", "editor2": "李雷", "reviewer": "张伟", "admin": "管理员"}
# (editor, keys per passage): the two editors agree on some passages and not on others.
TAGS = {"editor": ["1q", "2w", "3", "1e", "4"], "editor2": ["1q", "3w", "3", "2", "4"]}
VIEW = {"width": 1280, "height": 900}


def sign_in(browser: Browser, url: str, username: str) -> Page:
    page = browser.new_context(viewport=VIEW, timezone_id="Asia/Shanghai").new_page()
    page.goto(f"{url}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    return page


def tag(page: Page, url: str, ids: list[int], keys: list[str]) -> None:
    page.goto(f"{url}/articles/1")
    page.wait_for_selector("body[data-tagging-ready]")
    for pid, pressed in zip(ids, keys, strict=False):
        page.locator(f'[data-passage-id="{pid}"] .passage-text').click()
        for key in pressed:
            page.keyboard.press(key)
        status = page.locator(f'[data-passage-id="{pid}"] [data-role="status"]')
        status.and_(page.locator('[data-state="saved"]')).wait_for()


def shoot(page: Page, name: str, *, full: bool = True) -> None:
    page.wait_for_timeout(300)
    page.screenshot(path=str(OUT / f"{name}.png"), full_page=full)
    print(OUT / f"{name}.png")


def main() -> None:
    folder = Path(tempfile.mkdtemp())
    template = folder / "template.sqlite3"
    _migrated(base_config(folder, f"sqlite:///{template}"))
    app = build_live_app(folder, template)
    with app.app_context():
        for username, name in NAMES.items():
            db.session.query(User).filter_by(username=username).one().display_name = name
        db.session.commit()
    ids = [pid for pid, _ in body_passages(type("S", (), {"app": app})(), 1)[:5]]
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}"
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for username, keys in TAGS.items():
            tag(sign_in(browser, url, username), url, ids, keys)
        editor = sign_in(browser, url, "editor")
        for lang in ("zh", "en"):
            for layout in ("comfortable", "compact"):
                editor.goto(f"{url}/account?lang={lang}")
                compact = editor.locator("[data-form=tagging-layout] input[name=compact]")
                compact.set_checked(layout == "compact")
                editor.locator("[data-form=tagging-layout] button").click()
                editor.goto(f"{url}/articles/1#p-{ids[2]}")
                editor.wait_for_selector("body[data-tagging-ready]")
                suffix = "" if layout == "comfortable" else "-compact"
                shoot(editor, f"article-view{suffix}-{lang}", full=False)
        reviewer = sign_in(browser, url, "reviewer")
        for lang in ("zh", "en"):
            reviewer.goto(f"{url}/review/{ids[1]}?lang={lang}")
            shoot(reviewer, f"review-passage-{lang}")
            reviewer.goto(f"{url}/passages/{ids[1]}/history?lang={lang}")
            reviewer.locator("details.raw-record").first.evaluate("el => { el.open = true; }")
            shoot(reviewer, f"history-{lang}")
            reviewer.goto(f"{url}/dashboard?lang={lang}")
            shoot(reviewer, f"dashboard-{lang}")
        admin = sign_in(browser, url, "admin")
        for lang in ("zh", "en"):
            admin.goto(f"{url}/articles?lang={lang}")
            admin.locator("details[data-menu=admin] summary").click()
            shoot(admin, f"navigation-admin-{lang}", full=False)
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()

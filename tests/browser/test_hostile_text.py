"""In Chromium: every page works under the Content-Security-Policy, and hostile article text
(HTML, <script>, Jinja syntax) imported through the upload page is shown literally everywhere."""

from __future__ import annotations

import json
from urllib.parse import urlencode

from flask import Flask
from playwright.sync_api import Page, expect
from sqlalchemy import select
from werkzeug.routing import IntegerConverter

from annotator.extensions import db
from annotator.models import Article, Passage, utcnow
from annotator.services.jobs import create_job
from tests.browser.conftest import LiveServer, screenshot, sign_in
from tests.browser.tagging_helpers import open_article, wait_saved

SKIP_ENDPOINTS = {
    "static",
    "export.download",
    "export.card",
    "auth.login",
    "health.healthz",
    "jobs.download",
}
HOSTILE_LINES = [
    "<b>粗体标题</b> 与 <script>window.__pwned = 1</script> 开源模型的争论",
    "有人说 {{ 7*7 }} 和 {{ config }} 都应当原样显示，{% raw %} 也是。",
    '<img src=x onerror="window.__pwned = 2"> 图片标签与 &lt;已转义&gt; 的文字。',
    '开源大模型是否应当公开权重？<a href="javascript:window.__pwned=3">链接</a> 研究者意见不一。',
]
HOSTILE = "\n\n".join(HOSTILE_LINES) + "\n"


class Watch:
    """Console errors and uncaught exceptions a page produced, CSP violations above all."""

    def __init__(self, page: Page) -> None:
        self.problems: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"pageerror: {error}"))

    def _console(self, message) -> None:  # type: ignore[no-untyped-def]
        where = str((message.location or {}).get("url", ""))
        if message.type == "error" and not where.endswith("/favicon.ico"):
            self.problems.append(f"console: {message.text}")

    def take(self) -> list[str]:
        found, self.problems = self.problems, []
        return found


def _get_pages(app: Flask, values: dict[str, object]) -> list[str]:
    urls = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if "GET" not in (rule.methods or set()) or rule.rule.startswith("/api/"):
            continue
        if rule.endpoint in SKIP_ENDPOINTS:
            continue
        args = {}
        for arg in rule.arguments:
            converter = rule._converters[arg]
            args[arg] = values.get(arg, 1 if isinstance(converter, IntegerConverter) else "x")
        with app.test_request_context():
            urls.append(app.url_map.bind("localhost").build(rule.endpoint, args))
    return urls


def test_every_page_runs_its_scripts_under_the_policy(page: Page, live_server: LiveServer) -> None:
    app: Flask = live_server.app  # type: ignore[assignment]
    with app.app_context():
        passage_id = db.session.scalar(
            select(Passage.id).where(Passage.kind == "body").order_by(Passage.id)
        )
        # A job part-way, so its page's progress script runs under the policy too.
        job = create_job(db.session, "reindex", "", {}, None)
        job.status, job.started_at, job.done, job.total = "running", utcnow(), 3, 10
        db.session.commit()
        job_id = job.id
    values = {
        "article_id": 1,
        "passage_id": passage_id,
        "set_name": "stance",
        "label_name": "for_open_release",
        "job_id": job_id,
    }
    watch = Watch(page)
    sign_in(page, live_server, "admin")
    visited = []
    for url in _get_pages(app, values):
        response = page.goto(live_server.path(url))
        assert response is not None
        page.wait_for_load_state("networkidle")
        assert response.status < 500, url
        assert response.headers["content-security-policy"].startswith("default-src 'self'")
        assert watch.take() == [], url
        visited.append(url)
    assert len(visited) >= 20
    # A script-driven page really works: tag with a key, the save reaches the server.
    open_article(page, live_server, 1)
    current = int(page.locator(".passage.is-current").get_attribute("data-passage-id") or 0)
    page.keyboard.press("1")
    wait_saved(page, current)
    assert watch.take() == []


def test_inline_script_is_refused_by_the_browser(page: Page, live_server: LiveServer) -> None:
    """The policy is enforced, not just sent: an injected inline script does not run."""
    watch = Watch(page)
    page.goto(live_server.path("/login"))
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.__inline = 1'; document.body.appendChild(s); }"
    )
    assert page.evaluate("() => window.__inline") is None
    assert any("Content Security Policy" in p for p in watch.take())


def _upload_hostile(page: Page, live_server: LiveServer) -> None:
    page.goto(live_server.path("/import"))
    page.set_input_files(
        "input[name=files]",
        files=[
            {
                "name": "<i>hostile</i>.txt",
                "mimeType": "text/plain",
                "buffer": HOSTILE.encode("utf-8"),
            }
        ],
    )
    page.click("button.primary[type=submit]")
    page.wait_for_load_state("networkidle")
    expect(page.locator("tr.status-imported")).to_have_count(1)
    # Only the last part of a name is kept: "<i>hostile</i>.txt" has a "/" in it.
    expect(page.locator("tr.status-imported td").first).to_have_text("i>.txt")
    screenshot(page, "import-page-hostile-file")


def _assert_not_run(page: Page) -> None:
    assert page.evaluate("() => window.__pwned") is None
    assert page.locator("body b, body img[src=x], main script:not([src]):not([type])").count() == 0


def test_hostile_article_text_is_shown_literally_everywhere(
    page: Page, live_server: LiveServer
) -> None:
    watch = Watch(page)
    sign_in(page, live_server, "admin")
    _upload_hostile(page, live_server)
    app: Flask = live_server.app  # type: ignore[assignment]
    with app.app_context():
        article = db.session.scalars(select(Article).order_by(Article.id.desc())).first()
        assert article is not None and "<script>" in article.text
        article_id, title = article.id, article.title
        passages = db.session.scalars(
            select(Passage).where(Passage.article_id == article_id).order_by(Passage.index)
        ).all()
        first_body = next(p for p in passages if p.kind == "body")
        passage_id = first_body.id
    assert "<script>" in title or "<b>" in title

    page.goto(live_server.path("/articles"))
    expect(page.get_by_text(title, exact=False).first).to_be_visible()
    _assert_not_run(page)
    screenshot(page, "hostile-articles-list")

    open_article(page, live_server, article_id)
    for line in HOSTILE_LINES:
        expect(page.get_by_text(line, exact=False).first).to_be_attached()
    body = page.inner_text("main")
    assert "{{ 7*7 }}" in body and "49" not in body.replace(str(article_id), "")
    assert "{% raw %}" in body and "&lt;已转义&gt;" in body
    _assert_not_run(page)
    screenshot(page, "hostile-article-view")
    # Tag the hostile passage so it shows up for review, in history and in the export.
    page.keyboard.press("1")
    wait_saved(page, int(page.locator(".passage.is-current").get_attribute("data-passage-id") or 0))

    for url in (
        f"/review/{passage_id}",
        f"/passages/{passage_id}/history",
        "/review",
        "/export",
        "/dashboard",
        f"/admin/articles/{article_id}/editors",
        "/admin/articles",
    ):
        page.goto(live_server.path(url))
        page.wait_for_load_state("networkidle")
        _assert_not_run(page)
    page.goto(live_server.path(f"/review/{passage_id}"))
    expect(page.get_by_text(first_body.text, exact=False).first).to_be_attached()
    screenshot(page, "hostile-review")

    # Search snippets are built with <mark> around the match: the text around it stays text.
    for query, shown in (("原样显示", "{{ 7*7 }}"), ("图片标签", 'onerror="window.__pwned = 2"')):
        page.goto(live_server.path("/search?" + urlencode({"q": query})))
        snippet = page.locator(".hit-text").first
        expect(snippet).to_contain_text(shown)
        expect(snippet.locator("mark").first).to_be_attached()
        _assert_not_run(page)

    # The export keeps the text byte for byte, served as data, never as a page.
    response = page.request.get(live_server.path("/export/download?format=native&status=all"))
    assert response.ok
    assert "html" not in response.headers["content-type"]
    assert response.headers["x-content-type-options"] == "nosniff"
    lines = [json.loads(line) for line in response.text().splitlines()]
    mine = [line for line in lines if line["article_title"] == title]
    assert {line["text"] for line in mine} >= {p.text for p in passages if p.kind == "body"}
    card = page.request.get(live_server.path("/export/card?format=native&status=all"))
    assert "html" not in card.headers["content-type"]
    assert watch.take() == []

"""Background jobs in the browser, on both databases, with a real worker process.

The upload page answers at once; the job page's bar shows done of total, the rate and the
time left, survives a reload, can cancel the job, and carries on when the worker is killed
and started again. The admins' list shows the outcome.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import expect
from sqlalchemy import func, select
from werkzeug.serving import make_server

from annotator import create_app
from annotator.extensions import db
from annotator.models import Article
from annotator.services.users import create_user
from tests.browser.conftest import PASSWORD, LiveServer, screenshot, sign_in
from tests.conftest import base_config
from tests.jobs.builders import big_jsonl
from tests.jobs.worker import Worker, queue_config

ARTICLES = 5000  # about 8 MB: long enough to reload and kill the worker mid-job


@dataclass
class JobsSite:
    server: LiveServer
    app: Flask
    worker: Worker

    def articles(self) -> int:
        with self.app.app_context():
            count = db.session.scalar(select(func.count(Article.id))) or 0
            db.session.remove()
            return count


@pytest.fixture
def site(database_url: str, backend: str, tmp_path: Path) -> Iterator[JobsSite]:
    """The app with CSRF on, an admin, served on 127.0.0.1, and a job worker beside it."""
    config = {**base_config(tmp_path, database_url), "WTF_CSRF_ENABLED": True}
    app = create_app(config)
    with app.app_context():
        create_user(db.session, "admin", PASSWORD, role="admin")
        db.session.commit()
        db.session.remove()
    queue_config(app, backend)
    worker = Worker(app, tmp_path / "worker.log").start()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield JobsSite(LiveServer(f"http://127.0.0.1:{server.server_port}", app), app, worker)
    finally:
        server.shutdown()
        thread.join(timeout=5)
        worker.stop()
        if backend == "postgresql":
            from annotator.jobs.queue import job_queue

            job_queue(app).huey.storage.flush_all()
        with app.app_context():
            db.engine.dispose()


KILOBYTES = len(big_jsonl(ARTICLES)) // 1024  # an import's progress: kilobytes prepared


def upload_big_file(page, site: JobsSite, tmp_path: Path) -> str:  # type: ignore[no-untyped-def]
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_bytes(big_jsonl(ARTICLES))
    sign_in(page, site.server, "admin")
    page.goto(site.server.path("/import"))
    page.set_input_files("input[name=files]", str(corpus))
    page.locator("main button[type=submit]").click()
    page.wait_for_url(re.compile(r"/jobs/\d+$"))
    return page.url


def test_a_large_upload_runs_with_a_progress_bar_that_outlives_reloads_and_a_killed_worker(
    page, site, tmp_path
):
    job_url = upload_big_file(page, site, tmp_path)
    figures = page.locator(".job-figures")
    # Done of total, rate and time left, in Chinese, filled in by the page's script.
    expect(figures).to_contain_text(f"/ {KILOBYTES} KB", timeout=60_000)
    expect(figures).to_contain_text("每秒", timeout=60_000)
    expect(figures).to_contain_text("约剩", timeout=60_000)
    screenshot(page, "job-import-running")
    page.reload()  # the bar is the server's too: a reload shows where the job is
    assert page.locator("progress").evaluate(f"p => p.value > 0 && p.max === {KILOBYTES}")
    expect(page.locator(".job-status")).to_have_text("进行中")

    site.worker.kill()
    assert site.articles() == 0  # the killed worker wrote nothing
    site.worker.start()  # as `annotator serve` does when its worker dies
    expect(page.locator(".job-status")).to_have_text("已完成", timeout=120_000)
    expect(page.locator(".job-note")).to_contain_text("从头重新开始")
    expect(page.locator(".job-result")).to_contain_text(f"已导入 {ARTICLES} 篇文章")
    screenshot(page, "job-import-done")
    assert site.articles() == ARTICLES

    page.goto(site.server.path("/jobs"))
    row = page.locator(".jobs-table tbody tr").first
    expect(row).to_contain_text("corpus.jsonl")
    expect(row.locator(".job-status")).to_have_text("已完成")
    expect(row).to_contain_text("从头重新开始")
    assert job_url.endswith(row.locator("a").first.get_attribute("href"))
    screenshot(page, "jobs-list")


def test_a_running_import_is_cancelled_from_its_page_and_writes_nothing(page, site, tmp_path):
    job_url = upload_big_file(page, site, tmp_path)
    expect(page.locator(".job-status")).to_have_text("进行中", timeout=60_000)
    # The page reloads itself once the job ends, which can drop the flash before an assertion
    # on the live page sees it, so the message is read from the page the cancel redirected to.
    with page.expect_response(lambda r: r.request.method == "GET" and r.url == job_url) as shown:
        page.locator(".job-cancel button").click()
    assert "正在取消任务" in shown.value.text()
    expect(page.locator(".job-status")).to_have_text("已取消", timeout=60_000)
    expect(page.locator(".job-cancelled")).to_contain_text("没有保存任何内容")
    assert site.articles() == 0
    screenshot(page, "job-import-cancelled")

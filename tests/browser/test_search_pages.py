"""Search from the top bar, the dictionary page's re-index progress, repeated passages."""

from __future__ import annotations

import re

from playwright.sync_api import expect
from sqlalchemy import select

from annotator.extensions import db
from annotator.models import Passage, User
from tests.browser.conftest import screenshot, sign_in
from tests.builders.articles import import_text
from tests.builders.labels import annotate
from tests.jobs.conftest import run_queued

WIRE = (
    "OpenAI宣布他们开发了一个通用文本生成模型GPT-2,拥有15亿参数,"
    "使用了800万网页进行训练,但担心模型太过强大而决定不公开完整模型。"
)


def test_top_bar_search_finds_highlights_and_explains_bad_input(page, live_server):
    sign_in(page, live_server, "editor")
    box = page.locator("header.topbar input[name=q]")
    box.fill("偏见")
    box.press("Enter")
    page.wait_for_url("**/search?q=*")
    hits = page.locator("li.hit")
    assert hits.count() >= 10
    assert page.locator("li.hit mark").first.inner_text() == "偏见"
    link = hits.first.locator("a.hit-link")
    assert link.get_attribute("href").startswith("/articles/")
    assert "#p-" in link.get_attribute("href")
    screenshot(page, "search-results")

    page.locator("summary", has_text="筛选").click()
    page.select_option("select[name=status]", "conflict")
    page.locator("form.search-form button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("li.hit").count() == 0
    assert "没有匹配的段落" in page.content()

    page.locator("header.topbar input[name=q]").fill('"*(')
    page.locator("header.topbar input[name=q]").press("Enter")
    page.wait_for_load_state("networkidle")
    assert "请输入要搜索的词语" in page.locator("[role=alert]").inner_text()

    page.goto(live_server.path("/search?q=" + "%3Cscript%3Ewindow.x%3D1%3C%2Fscript%3E"))
    assert page.evaluate("window.x") is None  # what was typed is text, never markup


def test_admin_adds_a_word_and_reindexes_with_progress(page, live_server):
    sign_in(page, live_server, "admin")
    page.goto(live_server.path("/dictionary"))
    assert page.locator("#index-state").get_attribute("data-stale") == "0"
    page.fill("#words input[name=word]", "大感震惊")
    page.fill("#words input[name=freq]", "5000")
    page.locator("#words button[type=submit]").first.click()
    page.wait_for_load_state("networkidle")
    assert "已添加 大感震惊" in page.locator(".flash").inner_text()
    assert page.locator("#index-state").get_attribute("data-stale") == "5"
    screenshot(page, "dictionary-stale")
    page.locator("#reindex-form button").click()
    page.wait_for_url(re.compile(r"/jobs/\d+$"))  # a background job with its progress bar
    expect(page.locator(".job-status")).to_have_text("排队中")
    with live_server.app.app_context():  # the worker's part (test_job_pages.py runs a real one)
        run_queued(live_server.app)
    # A polling locator, not wait_for_function: the page's CSP forbids string evaluation.
    expect(page.locator(".job-status")).to_have_text("已完成")
    expect(page.locator(".job-result")).to_contain_text("已重建 5 篇文章的索引")
    assert page.locator("progress").evaluate("p => p.value === p.max")
    screenshot(page, "dictionary-reindexed")
    page.goto(live_server.path("/dictionary"))
    assert page.locator("#index-state").get_attribute("data-stale") == "0"
    assert page.locator("#words td", has_text="大感震惊").count() == 1


def test_reviewer_compares_repeated_passages(page, live_server):
    with live_server.app.app_context():
        import_text(db.session, "wire-a.txt", f"甲报的稿子\n\n{WIRE}")
        import_text(db.session, "wire-b.txt", f"乙报的稿子\n\n{WIRE}")
        editor = db.session.scalar(select(User).where(User.username == "editor"))
        one, two = db.session.scalars(select(Passage).where(Passage.text == WIRE)).all()
        annotate(db.session, one, editor, "stance", ["against_open_release"])
        annotate(db.session, two, editor, "stance", ["neutral_or_mixed"])
        db.session.commit()
    sign_in(page, live_server, "reviewer")
    page.goto(live_server.path("/duplicates"))
    pair = page.locator("section.dup-pair")
    assert pair.count() == 1 and "标注不一致" in pair.inner_text()
    assert "反对公开/开源" in pair.inner_text() and "中立或兼有" in pair.inner_text()
    screenshot(page, "repeated-passages")

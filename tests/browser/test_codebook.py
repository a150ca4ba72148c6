"""The codebook in a real browser: reading, printing, editing with a change note."""

from __future__ import annotations

from tests.browser.conftest import ARTIFACTS, screenshot, sign_in


def viewport_shot(page, name):  # type: ignore[no-untyped-def]
    """The visible part only: the whole codebook is ~14,000 px tall and slow to capture."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def test_the_codebook_page_prints_without_navigation(page, live_server):
    sign_in(page, live_server, "editor")
    page.goto(live_server.path("/codebook"))
    assert page.locator("h1").first.inner_text() == "标注手册"
    example = page.locator('[data-codebook-label="stance:for_open_release"] q').first
    assert "担心AI过于强大而不开源太矫情" in example.inner_text()
    # The example's seed is imported, so its source links to the article.
    assert page.locator('[data-codebook-label="stance:for_open_release"] .cb-source a').count() > 0
    viewport_shot(page, "codebook-page")
    page.emulate_media(media="print")
    assert not page.locator("header.topbar").is_visible()
    assert not page.locator("nav.subnav").is_visible()  # the codebook's own links, too
    assert not page.locator(".cb-toc").is_visible()
    assert page.locator('[data-codebook-label="bias_attribution:data"]').is_visible()
    viewport_shot(page, "codebook-print")


def test_an_admin_edits_a_definition_and_a_reviewer_sees_what_is_outdated(page, live_server):
    sign_in(page, live_server, "admin")
    page.goto(live_server.path("/codebook/edit"))
    page.click("a[href='/codebook/edit/bias_attribution/data']")
    page.fill("textarea[name=definition]", "把偏见归咎于训练数据。<script>alert(1)</script>")
    page.click("main button[type=submit]")  # no change note yet
    assert page.locator("[role=alert]").first.inner_text() == "请说明改了什么、为什么改。"
    page.fill("input[name=note]", "更短的定义")
    page.click("main button[type=submit]")
    page.wait_for_url("**/codebook/edit")
    assert "已保存为标注手册第 2 版" in page.locator(".cb-flash").inner_text()
    screenshot(page, "codebook-edit-saved")
    page.goto(live_server.path("/codebook"))
    definition = page.locator('[data-codebook-label="bias_attribution:data"] .cb-definition')
    assert "<script>alert(1)</script>" in definition.inner_text()  # shown as text, not run
    assert "第 2 版" in page.locator(".cb-version").inner_text()
    page.goto(live_server.path("/codebook/versions"))
    assert "更短的定义" in page.locator("table").inner_text()
    screenshot(page, "codebook-versions")

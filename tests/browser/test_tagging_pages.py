"""The tagging pages in a real browser: list, article view, next, boilerplate, hostile text."""

from __future__ import annotations

from playwright.sync_api import expect

from annotator.extensions import db
from annotator.models import Passage
from tests.browser.conftest import ARTIFACTS, screenshot, sign_in
from tests.browser.tagging_helpers import (
    body_passages,
    expect_chosen,
    import_text,
    open_article,
    passage,
    restrict_seeds_to,
    select_text,
    wait_saved,
)


def current_id(page) -> int:
    return int(page.locator(".passage.is-current").get_attribute("data-passage-id"))


def test_article_view_in_chinese_and_english_with_screenshots(page, live_server):
    page.set_viewport_size({"width": 1200, "height": 900})
    sign_in(page, live_server)
    open_article(page, live_server, 1)
    pid, text = next((i, t) for i, t in body_passages(live_server, 1) if len(t) > 60)
    box = passage(page, pid)
    box.locator('[data-role="text"]').click()
    page.keyboard.press("2")
    page.keyboard.press("w")
    start = text.index("CNN") if "CNN" in text else 4
    select_text(page, pid, text, start, start + 6)
    page.keyboard.press("x")
    box.locator('[data-role="note"]').fill("举例说明滥用风险")
    page.keyboard.press("Escape")
    wait_saved(page, pid)
    box.evaluate("el => el.scrollIntoView({block: 'start'})")
    page.screenshot(path=str(artifact("article-view-zh")))

    style = box.locator('[data-role="text"]').evaluate(
        "el => { const s = getComputedStyle(el); return [s.lineHeight, s.fontSize, s.fontFamily]; }"
    )
    line_height, font_size = (float(v.removesuffix("px")) for v in style[:2])
    assert line_height / font_size >= 1.8
    assert "WenQuanYi Micro Hei" in style[2] and "Noto Sans CJK SC" in style[2]
    expect(box.locator('[data-label="stance:for_open_release"]')).to_contain_text("支持公开/开源")
    assert page.locator("html").get_attribute("lang") == "zh-CN"

    open_article(page, live_server, 1, f"?lang=en#p-{pid}")
    box = passage(page, pid)
    expect(box.locator('[data-label="stance:for_open_release"]')).to_contain_text(
        "For open release"
    )
    expect_chosen(page, pid, "stance:against_open_release")
    expect(page.locator(".toolbar")).to_contain_text("Next passage for me")
    box.evaluate("el => el.scrollIntoView({block: 'start'})")
    page.screenshot(path=str(artifact("article-view-en")))


def artifact(name):
    """A path under artifacts/ for a viewport-sized screenshot."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / f"{name}.png"


def test_the_list_shows_progress_and_opens_at_my_first_untagged_passage(page, live_server):
    sign_in(page, live_server)
    ids = [pid for pid, _ in body_passages(live_server, 2)]
    open_article(page, live_server, 2)
    for _ in range(2):
        page.keyboard.press("3")
        wait_saved(page, current_id(page))
        page.keyboard.press("j")
    page.goto(live_server.path("/"))
    row = page.locator('tr[data-article-id="2"]')
    expect(row.locator(".bar-mine .bar-text")).to_have_text(f"2/{len(ids)}")
    expect(row.locator(".bar-team .bar-text")).to_have_text(f"0/{len(ids)}")
    screenshot(page, "articles-list-zh")
    page.click("text=有我未标注的段落")
    expect(page.locator('tr[data-article-id="2"]')).to_be_visible()
    row.locator(".title a").click()
    page.wait_for_selector("body[data-tagging-ready]")
    assert current_id(page) == ids[2]
    expect(passage(page, ids[2])).to_be_in_viewport()
    expect(page.locator('[data-role="my-progress"]')).to_have_text(f"2 / {len(ids)}")


def test_next_moves_within_the_article_then_to_another_article(page, live_server):
    small = import_text(live_server, "small.txt", "小文章\n\n这是一段关于开源的正文。\n")
    other = import_text(live_server, "other.txt", "另一篇\n\n第二篇文章的唯一正文。\n")
    restrict_seeds_to(live_server, "editor2", keep=[small, other])
    sign_in(page, live_server)
    small_ids = [pid for pid, _ in body_passages(live_server, small)]
    open_article(page, live_server, small)
    assert current_id(page) == small_ids[0]
    page.keyboard.press("4")
    if len(small_ids) > 1:
        # n: the next untagged passage of this article, without a reload.
        page.keyboard.press("n")
        expect(page.locator(".passage.is-current")).to_have_attribute(
            "data-passage-id", str(small_ids[1])
        )
    for pid in small_ids[1:]:
        passage(page, pid).locator('[data-label="stance:not_about_release"]').click()
        wait_saved(page, pid)
    page.keyboard.press("n")
    page.wait_for_url(f"**/articles/{other}#p-*")
    page.wait_for_selector("body[data-tagging-ready]")
    other_ids = [pid for pid, _ in body_passages(live_server, other)]
    assert current_id(page) == other_ids[0]
    for pid in other_ids:
        passage(page, pid).locator('[data-label="stance:not_about_release"]').click()
        wait_saved(page, pid)
    page.keyboard.press("n")
    expect(page.locator('[data-role="toast"]')).to_have_text("目前没有需要你标注的段落。")


def test_page_furniture_folds_into_one_dimmed_line_that_opens(page, live_server):
    text = "正文标题\n\n正文一段。\n\n相关推荐\n\n版权所有 转载请注明出处\n\n正文二段。\n"
    article = import_text(live_server, "chrome.txt", text)
    with live_server.app.app_context():
        rows = db.session.query(Passage).filter(Passage.article_id == article).all()
        for row in rows:
            row.kind = "boilerplate" if ("相关" in row.text or "版权" in row.text) else "body"
        db.session.commit()
        chrome = [r.id for r in sorted(rows, key=lambda r: r.index) if r.kind == "boilerplate"]
        body = {r.text: r.id for r in rows if r.kind == "body"}
    sign_in(page, live_server)
    open_article(page, live_server, article)
    fold = page.locator("details.chrome-run")
    expect(fold).to_have_count(1)
    expect(fold.locator("summary")).to_contain_text("共 2 段")
    assert fold.get_attribute("open") is None
    assert float(fold.evaluate("el => getComputedStyle(el).opacity")) < 0.8
    for pid in chrome:
        expect(passage(page, pid)).to_be_hidden()
    # j skips the folded passages...
    assert current_id(page) == body["正文标题"]
    page.keyboard.press("j")
    page.keyboard.press("j")
    assert current_id(page) == body["正文二段。"]
    # ...until they are opened; then they can be read and tagged like any other.
    fold.locator("summary").click()
    shown = passage(page, chrome[1]).locator('[data-role="text"]')
    expect(shown).to_have_text("版权所有 转载请注明出处")
    page.keyboard.press("k")
    assert current_id(page) == chrome[1]
    page.keyboard.press("4")
    wait_saved(page, chrome[1])


HOSTILE = (
    "<script>window.__pwned = 1</script> 标题\n\n"
    "正文里有 <script>window.__pwned = 2</script> 和 {{ 7*7 }} 以及 {% raw %} 都应原样显示。\n\n"
    '<img src=x onerror="window.__pwned = 3">\n'
)


def test_markup_and_template_syntax_in_articles_show_literally(page, live_server):
    article = import_text(live_server, "hostile.txt", HOSTILE)
    sign_in(page, live_server)
    open_article(page, live_server, article)
    assert page.evaluate("() => window.__pwned") is None
    body = page.locator(".passages").inner_text()
    assert "<script>window.__pwned = 2</script>" in body
    assert "{{ 7*7 }}" in body and "{% raw %}" in body and "49" not in body
    assert '<img src=x onerror="window.__pwned = 3">' in body
    expect(page.locator("h1")).to_contain_text("<script>")
    assert page.locator(".passages script, .passages img").count() == 0

"""Review and history pages read as people talk: words, local time, §1-based numbers."""

from __future__ import annotations

from playwright.sync_api import expect

from annotator.extensions import db
from annotator.models import Passage, User
from tests.browser.conftest import PASSWORD, sign_in
from tests.browser.tagging_helpers import body_passages, open_article, passage, wait_saved


def name_editor(live_server, username: str, display_name: str) -> None:  # type: ignore[no-untyped-def]
    with live_server.app.app_context():
        db.session.query(User).filter_by(username=username).one().display_name = display_name
        db.session.commit()


def test_history_reads_as_words_in_local_time_with_the_raw_record_on_demand(
    browser, page, live_server
):
    name_editor(live_server, "editor", "王芳")
    sign_in(page, live_server, "editor")
    open_article(page, live_server, 1)
    pid = body_passages(live_server, 1)[1][0]
    passage(page, pid).locator(".passage-text").click()
    page.keyboard.press("1")
    wait_saved(page, pid)
    page.keyboard.press("2")
    wait_saved(page, pid)
    shown_number = passage(page, pid).locator(".idx").inner_text()  # "§n" on the tagging page
    with live_server.app.app_context():
        index = db.session.get(Passage, pid).index
    assert shown_number == f"§{index + 1}"

    other = browser.new_context()  # a second editor disagrees, so the review list shows it
    second_editor = other.new_page()
    sign_in(second_editor, live_server, "editor2")
    open_article(second_editor, live_server, 1)
    passage(second_editor, pid).locator(".passage-text").click()
    second_editor.keyboard.press("3")
    wait_saved(second_editor, pid)
    other.close()

    context = browser.new_context(timezone_id="Asia/Shanghai", locale="zh-CN")
    reviewer = context.new_page()
    sign_in(reviewer, live_server, "reviewer")
    reviewer.goto(live_server.path(f"/passages/{pid}/history?lang=zh"))
    expect(reviewer.locator("h1")).to_contain_text(f"第 {index + 1} 段")
    rows = reviewer.locator("table.history tbody tr")
    expect(rows).to_have_count(3)
    first, second = (rows.nth(i).locator(".sentence").inner_text() for i in range(2))
    assert first == "王芳 把 对公开/开源的立场 设为 支持公开/开源"
    assert second.startswith("王芳 把 对公开/开源的立场 从 支持公开/开源 改为 ")
    assert "{" not in rows.nth(1).locator(".sentence").inner_text()
    when = rows.nth(0).locator("time").inner_text()
    assert "GMT+8" in when or "CST" in when, when
    raw = rows.nth(0).locator("details.raw-record")
    expect(raw.locator("code.json").first).to_be_hidden()
    raw.locator("summary").click()
    expect(raw.locator("code.json").last).to_contain_text("values")

    reviewer.goto(live_server.path(f"/review/{pid}?lang=zh"))
    expect(reviewer.locator("p.crumbs")).to_contain_text(f"第 {index + 1} 段")
    reviewer.goto(live_server.path("/review?lang=zh"))
    row = reviewer.locator(f"tr[data-passage-id='{pid}'] td.num")
    expect(row).to_have_text(f"§{index + 1}")
    context.close()


def test_people_appear_by_display_name_with_the_username_on_hover(browser, page, live_server):
    runner = live_server.app.test_cli_runner()
    result = runner.invoke(
        args=["create-user", "wangfang", "--display-name", "王芳", "--password-stdin"],
        input=f"{PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    pid = body_passages(live_server, 1)[0][0]
    for username, key in (("wangfang", "1"), ("editor", "2")):
        context = browser.new_context()
        editor = context.new_page()
        sign_in(editor, live_server, username)
        open_article(editor, live_server, 1)
        passage(editor, pid).locator(".passage-text").click()
        editor.keyboard.press(key)
        wait_saved(editor, pid)
        if username == "wangfang":
            expect(editor.locator("header.topbar .who")).to_have_text("王芳")
        context.close()

    sign_in(page, live_server, "reviewer")
    page.goto(live_server.path("/review?lang=zh"))
    who = page.locator(f"tr[data-passage-id='{pid}'] .person[title=wangfang]")
    expect(who).to_have_text("王芳")
    page.goto(live_server.path(f"/review/{pid}"))
    expect(page.locator("th[data-editor=wangfang]")).to_have_text("王芳")
    page.goto(live_server.path("/agreement"))
    expect(page.locator(".pairs .person[title=wangfang]").first).to_have_text("王芳")
    assert "wangfang" not in page.locator("main").inner_text()

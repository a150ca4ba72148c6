"""Tagging with the keyboard in a real browser: save at once, reload, undo, IME, conflicts."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import sign_in
from tests.browser.tagging_helpers import (
    expect_chosen,
    open_article,
    passage,
    stored,
    wait_saved,
)


def current_id(page) -> int:
    return int(page.locator(".passage.is-current").get_attribute("data-passage-id"))


def test_tag_with_keys_survives_a_reload_and_undo_reverts(page, live_server):
    sign_in(page, live_server)
    open_article(page, live_server, 1)
    first = current_id(page)
    page.keyboard.press("2")
    page.keyboard.press("q")
    page.keyboard.press("e")
    page.keyboard.press("e")  # toggles researchers off again
    wait_saved(page, first)
    expect_chosen(page, first, "stance:against_open_release")
    page.keyboard.press("j")
    second = current_id(page)
    assert second != first
    page.keyboard.press("ArrowUp")
    assert current_id(page) == first
    page.keyboard.press("ArrowDown")
    page.keyboard.press("4")
    wait_saved(page, second)
    stance = stored(page, live_server, second)["mine"]["stance"]
    assert stance == {"values": ["not_about_release"], "version": 1}

    page.keyboard.press("u")  # undoes 4 on the second passage
    expect_chosen(page, second, "stance:not_about_release", chosen=False)
    wait_saved(page, second)
    assert stored(page, live_server, second)["mine"]["stance"] == {"values": [], "version": 2}
    page.keyboard.press("Control+z")  # undoes the second `e`: researchers back on
    page.keyboard.press("Control+z")  # undoes the first `e`: researchers off
    page.keyboard.press("Control+z")  # undoes `q`
    wait_saved(page, first)
    expect(page.locator('[data-role="toast"]')).to_have_text("已撤销。")

    page.reload()
    page.wait_for_selector("body[data-tagging-ready]")
    mine = stored(page, live_server, first)["mine"]
    assert mine["stance"]["values"] == ["against_open_release"]
    assert mine["bias_attribution"]["values"] == []
    expect_chosen(page, first, "stance:against_open_release")
    expect_chosen(page, first, "bias_attribution:data", chosen=False)
    # The page opens at the first passage I have not tagged: the second one.
    assert current_id(page) == second
    page.keyboard.press("u")
    expect(page.locator('[data-role="toast"]')).to_have_text("没有可撤销的修改。")


def test_a_click_saves_and_clicking_the_chosen_stance_clears_it(page, live_server):
    sign_in(page, live_server)
    open_article(page, live_server, 2)
    pid = current_id(page)
    button = passage(page, pid).locator('[data-label="stance:neutral_or_mixed"]')
    button.click()
    wait_saved(page, pid)
    assert stored(page, live_server, pid)["mine"]["stance"]["values"] == ["neutral_or_mixed"]
    button.click()
    expect(button).to_have_attribute("aria-checked", "false")
    wait_saved(page, pid)
    assert stored(page, live_server, pid)["mine"]["stance"]["values"] == []


COMPOSING_KEYDOWN = """([key, composing, code229]) => {
  const event = new KeyboardEvent('keydown', {key, bubbles: true, isComposing: composing});
  if (code229) Object.defineProperty(event, 'keyCode', {get: () => 229});
  document.body.dispatchEvent(event);
}"""


def test_typing_a_chinese_note_never_fires_shortcuts(page, live_server):
    sign_in(page, live_server)
    open_article(page, live_server, 1)
    pid = current_id(page)
    note = passage(page, pid).locator('[data-role="note"]')
    note.click()
    page.keyboard.type("1qjx?")  # shortcut keys, typed into the note
    page.keyboard.insert_text("这段在讨论是否开源")
    # A real composition through Chromium's input method API.
    cdp = page.context.new_cdp_session(page)
    cdp.send("Input.imeSetComposition", {"text": "kaiyuan", "selectionStart": 7, "selectionEnd": 7})
    cdp.send("Input.insertText", {"text": "开源"})
    page.keyboard.press("Escape")  # leaves the note box, which saves it
    expect(note).not_to_be_focused()
    wait_saved(page, pid)
    text = "1qjx?这段在讨论是否开源开源"
    assert stored(page, live_server, pid)["note"] == {"text": text, "version": 1}
    assert stored(page, live_server, pid)["mine"]["stance"] is None
    assert current_id(page) == pid and page.locator('[data-role="help"]').is_hidden()

    # Outside text fields: keys during a composition (isComposing or keyCode 229) do nothing...
    page.evaluate(COMPOSING_KEYDOWN, ["1", True, False])
    page.evaluate(COMPOSING_KEYDOWN, ["1", False, True])
    page.wait_for_timeout(200)
    assert stored(page, live_server, pid)["mine"]["stance"] is None
    # ...while the same key without a composition chooses a stance.
    page.evaluate(COMPOSING_KEYDOWN, ["1", False, False])
    wait_saved(page, pid)
    expect_chosen(page, pid, "stance:for_open_release")

    page.reload()
    page.wait_for_selector("body[data-tagging-ready]")
    expect(passage(page, pid).locator('[data-role="note"]')).to_have_value(text)


def test_help_overlay_lists_the_keys_and_blocks_them(page, live_server):
    sign_in(page, live_server)
    open_article(page, live_server, 1)
    pid = current_id(page)
    page.keyboard.press("?")
    help_box = page.locator('[data-role="help"]')
    expect(help_box).to_be_visible()
    expect(help_box).to_contain_text("支持公开/开源")
    expect(help_box).to_contain_text("下一段需要我标注的段落")
    page.keyboard.press("1")  # ignored while the help is open
    page.keyboard.press("Escape")
    expect(help_box).to_be_hidden()
    page.wait_for_timeout(150)
    assert stored(page, live_server, pid)["mine"]["stance"] is None


def test_a_stale_page_shows_the_other_tabs_state(page, live_server):
    sign_in(page, live_server)
    open_article(page, live_server, 1)
    other = page.context.new_page()
    open_article(other, live_server, 1)
    pid = current_id(page)
    passage(page, pid).locator('[data-label="stance:for_open_release"]').click()
    wait_saved(page, pid)

    stale = passage(other, pid)
    stale.locator('[data-label="stance:neutral_or_mixed"]').click()
    expect(stale.locator('[data-role="error"]')).to_contain_text("另一个标签页")
    expect_chosen(other, pid, "stance:for_open_release")
    expect_chosen(other, pid, "stance:neutral_or_mixed", chosen=False)
    # The stale page now knows the current version: the next click saves.
    stale.locator('[data-label="stance:against_open_release"]').click()
    wait_saved(other, pid)
    stance = stored(page, live_server, pid)["mine"]["stance"]
    assert stance == {"values": ["against_open_release"], "version": 2}
    # And the first page, now stale, is told in turn and never overwrites silently.
    passage(page, pid).locator('[data-label="bias_attribution:data"]').click()
    wait_saved(page, pid)  # another label set: no conflict
    passage(page, pid).locator('[data-label="stance:neutral_or_mixed"]').click()
    expect(passage(page, pid).locator('[data-role="error"]')).to_contain_text("另一个标签页")
    expect_chosen(page, pid, "stance:against_open_release")
    other.close()


def test_a_failed_save_keeps_the_choice_until_a_retry_saves_it(page, live_server):
    sign_in(page, live_server)
    open_article(page, live_server, 2)
    pid = current_id(page)
    box = passage(page, pid)
    labels = "**/api/passages/*/annotations/*"
    page.route(labels, lambda route: route.abort())
    page.keyboard.press("1")
    status = box.locator('[data-role="status"]')
    expect(status).to_have_attribute("data-state", "failed")
    expect_chosen(page, pid, "stance:for_open_release")  # still shown: the click is not lost
    expect(box.locator('[data-role="error"]')).to_contain_text("无法连接服务器")
    page.unroute(labels)
    status.locator("button").click()
    wait_saved(page, pid)
    assert stored(page, live_server, pid)["mine"]["stance"]["values"] == ["for_open_release"]
    expect(box.locator('[data-role="error"]')).to_be_hidden()

    # A value the server refuses goes back to what is stored, with the server's reason.
    refusal = '{"error": "服务器拒绝了这个值", "field": "values"}'
    page.route(
        labels,
        lambda route: route.fulfill(status=400, body=refusal, content_type="application/json"),
    )
    page.keyboard.press("3")
    expect(box.locator('[data-role="error"]')).to_contain_text("服务器拒绝了这个值")
    expect_chosen(page, pid, "stance:for_open_release")
    expect_chosen(page, pid, "stance:neutral_or_mixed", chosen=False)

"""Keys and selections never change a passage the editor cannot see or did not select."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import sign_in
from tests.browser.tagging_helpers import body_passages, open_article, passage, stored

ON_SCREEN_JS = """(id) => {
  const box = document.querySelector(`[data-passage-id="${id}"]`).getBoundingClientRect();
  return box.bottom > 0 && box.top < window.innerHeight;
}"""


def chosen(page, live_server, passage_id, label_set, field="values"):  # type: ignore[no-untyped-def]
    """What the signed-in editor holds for one label set of a passage ([] when untouched)."""
    return (stored(page, live_server, passage_id)["mine"][label_set] or {}).get(field, [])


def current_id(page) -> int:  # type: ignore[no-untyped-def]
    return int(page.locator(".passage.is-current").get_attribute("data-passage-id"))


def test_a_key_never_tags_a_passage_scrolled_out_of_sight(page, live_server):
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in(page, live_server)
    open_article(page, live_server, 1)
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("j")
    before = current_id(page)
    assert page.url.endswith(f"#p-{before}")  # j/k keep the address in step
    page.keyboard.press("k")
    assert page.url.endswith(f"#p-{current_id(page)}")

    page.keyboard.press("j")
    page.evaluate("window.scrollBy(0, 2400)")  # the wheel, or a restored scroll position
    assert not page.evaluate(ON_SCREEN_JS, before)
    page.keyboard.press("4")
    tagged = current_id(page)
    assert tagged != before
    assert page.evaluate(ON_SCREEN_JS, tagged)
    expect(passage(page, tagged).locator('[data-role="status"]')).to_have_attribute(
        "data-state", "saved"
    )
    assert chosen(page, live_server, before, "stance") == []
    assert chosen(page, live_server, tagged, "stance") == ["not_about_release"]
    assert page.url.endswith(f"#p-{tagged}")


def test_a_reload_shows_the_current_passage(page, live_server):
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in(page, live_server)
    open_article(page, live_server, 1)
    for _ in range(8):
        page.keyboard.press("j")
    page.evaluate("window.scrollBy(0, 1500)")
    # The current passage follows the scrolling once it stops.
    page.wait_for_function(CURRENT_ON_SCREEN_JS)
    chosen = current_id(page)
    page.reload()
    page.wait_for_selector("body[data-tagging-ready]")
    page.wait_for_timeout(300)
    assert current_id(page) == chosen
    assert page.evaluate(ON_SCREEN_JS, chosen)


CURRENT_ON_SCREEN_JS = """() => {
  const box = document.querySelector('.passage.is-current').getBoundingClientRect();
  return box.bottom > 0 && box.top < window.innerHeight;
}"""

CROSS_JS = """([fromId, toSelector]) => {
  const text = document.querySelector(`[data-passage-id="${fromId}"] [data-role="text"]`);
  const target = document.querySelector(toSelector);
  const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
  let node = walker.nextNode();
  while (node.data.length < 3) node = walker.nextNode();
  const range = document.createRange();
  range.setStart(node, 2);
  range.setEnd(target.firstChild, target.firstChild.length);
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
}"""


def test_a_selection_reaching_the_next_passage_is_refused_with_a_message(page, live_server):
    sign_in(page, live_server)
    open_article(page, live_server, 1)
    (first, _), (second, _) = body_passages(live_server, 1)[:2]
    page.locator(f'[data-passage-id="{first}"]').click()
    page.evaluate(CROSS_JS, [first, f'[data-passage-id="{second}"] .idx'])
    page.keyboard.press("x")
    error = passage(page, first).locator('[data-role="error"]')
    expect(error).to_be_visible()
    expect(error).to_contain_text("同一段")
    page.wait_for_timeout(300)
    assert chosen(page, live_server, first, "spans", "spans") == []
    assert chosen(page, live_server, second, "spans", "spans") == []


def test_a_triple_click_selection_still_marks_its_own_passage(page, live_server):
    sign_in(page, live_server)
    open_article(page, live_server, 1)
    (first, text), (second, _) = body_passages(live_server, 1)[:2]
    page.locator(f'[data-passage-id="{first}"] [data-role="text"]').click(click_count=3)
    page.keyboard.press("x")
    expect(passage(page, first).locator(".span-list li")).to_have_count(1)
    assert passage(page, first).locator('[data-role="error"]').is_hidden()


def test_the_help_overlay_lists_every_key_that_works(page, live_server):
    sign_in(page, live_server)
    open_article(page, live_server, 1)
    page.keyboard.press("?")
    help_box = page.locator('[data-role="help"]')
    expect(help_box).to_be_visible()
    listed = set(help_box.locator("kbd").all_inner_texts())
    for key in ("a", "s", "g", "j", "k", "n", "u", "x", "h", "1", "q", "?", "Esc"):
        assert key in listed, key

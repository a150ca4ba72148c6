"""The compact layout and cue underlines are the editor's settings on the article page."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import sign_in
from tests.browser.tagging_helpers import open_article, passage, wait_saved

HEIGHTS_JS = """() => Array.from(document.querySelectorAll('.passage[data-kind=body]')).map(
(el) => {
  const text = el.querySelector('[data-role=text]');
  const line = parseFloat(getComputedStyle(text).lineHeight);
  const lines = Math.round(text.getBoundingClientRect().height / line);
  return {id: Number(el.dataset.passageId), lines, height: el.getBoundingClientRect().height,
          current: el.classList.contains('is-current')};
})"""


def current_id(page) -> int:  # type: ignore[no-untyped-def]
    return int(page.locator(".passage.is-current").get_attribute("data-passage-id"))


def test_compact_layout_keeps_one_line_passages_small_and_the_current_one_full(page, live_server):
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server)
    open_article(page, live_server, 1)
    first = current_id(page)
    page.keyboard.press("1")
    wait_saved(page, first)
    page.locator(".layout-toggle button", has_text="紧凑").click()
    page.wait_for_selector("body[data-tagging-ready]")
    expect(page.locator(".tagging.layout-compact")).to_have_count(1)

    passage(page, first).locator(".passage-text").click()
    current = passage(page, first)
    expect(current.locator(".label-btn").first).to_be_visible()
    assert current.locator(".label-btn:visible").count() == current.locator(".label-btn").count()
    page.keyboard.press("j")
    # The tagged passage, no longer current, shows only its chosen stance.
    expect(passage(page, first).locator(".label-btn:visible")).to_have_count(1)
    expect(passage(page, first).locator(".label-btn:visible")).to_have_attribute(
        "aria-checked", "true"
    )
    one_line = [p for p in page.evaluate(HEIGHTS_JS) if p["lines"] == 1 and not p["current"]]
    assert one_line, "the seed article has one-line passages"
    assert max(p["height"] for p in one_line) <= 110, one_line

    page.reload()  # the setting is the editor's: it stays
    page.wait_for_selector("body[data-tagging-ready]")
    expect(page.locator(".tagging.layout-compact")).to_have_count(1)
    page.goto(live_server.path("/account"))
    assert page.locator("[data-form=tagging-layout] input[name=compact]").is_checked()


def test_cue_underlines_can_be_switched_off(page, live_server):
    sign_in(page, live_server)
    open_article(page, live_server, 1)
    cue = page.locator(".passage-text .cue").first
    decoration = "el => getComputedStyle(el).textDecorationLine"
    assert cue.evaluate(decoration) == "underline"
    page.locator(".layout-toggle button", has_text="提示词下划线").click()
    page.wait_for_selector("body[data-tagging-ready]")
    assert page.locator(".passage-text .cue").first.evaluate(decoration) == "none"

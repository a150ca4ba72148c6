"""Spans in a real browser: mouse selections snap to jieba tokens; code points round-trip."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import sign_in
from tests.browser.tagging_helpers import (
    SELECT_JS,
    body_passages,
    import_text,
    open_article,
    passage,
    select_text,
    stored,
    text_selector,
    utf16,
    wait_saved,
)

# The rectangle of one character of a passage's text, for real mouse drags.
CHAR_RECT_JS = """([selector, unit]) => {
  const el = document.querySelector(selector);
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  let pos = 0, node;
  while ((node = walker.nextNode())) {
    if (unit < pos + node.data.length) {
      const range = document.createRange();
      range.setStart(node, unit - pos);
      range.setEnd(node, unit - pos + 1);
      const r = range.getBoundingClientRect();
      return {x: r.x, y: r.y, width: r.width, height: r.height};
    }
    pos += node.data.length;
  }
  return null;
}"""


def pick_two_words(tokens, text):
    """Two neighbouring multi-character Han tokens."""
    for (s1, e1), (s2, e2) in zip(tokens, tokens[1:], strict=False):
        if e1 - s1 >= 2 and e2 - s2 >= 2 and all("\u4e00" <= c <= "\u9fff" for c in text[s1:e2]):
            return (s1, e1), (s2, e2)
    raise AssertionError("no two neighbouring words in this passage")


def drag_select(page, pid, text, start, end):
    """Press the mouse on character `start` and release it on character `end - 1`."""
    selector = text_selector(pid)
    a = page.evaluate(CHAR_RECT_JS, [selector, utf16(text, start)])
    b = page.evaluate(CHAR_RECT_JS, [selector, utf16(text, end - 1)])
    page.mouse.move(a["x"] + a["width"] * 0.2, a["y"] + a["height"] / 2)
    page.mouse.down()
    page.mouse.move(b["x"] + b["width"] * 0.5, b["y"] + b["height"] / 2, steps=5)
    page.mouse.move(b["x"] + b["width"] * 0.85, b["y"] + b["height"] / 2, steps=2)
    page.mouse.up()


def test_a_mouse_selection_snaps_to_words_and_alt_keeps_exact_characters(page, live_server):
    sign_in(page, live_server)
    open_article(page, live_server, 1)
    pid, text = next((i, t) for i, t in body_passages(live_server, 1) if len(t) > 30)
    tokens = stored(page, live_server, pid)["tokens"]
    (s1, e1), (s2, e2) = pick_two_words(tokens, text)
    passage(page, pid).scroll_into_view_if_needed()

    # From inside the first word to inside the second: snapped to both words whole.
    drag_select(page, pid, text, s1 + 1, s2 + 1)
    selected = page.evaluate("() => window.getSelection().toString()")
    assert selected == text[s1 + 1 : s2 + 1]
    page.keyboard.press("x")
    wait_saved(page, pid)
    spans = stored(page, live_server, pid)["mine"]["spans"]["spans"]
    assert spans == [{"start": s1, "end": e2, "label": "evidence"}]
    highlight = passage(page, pid).locator(".hl-evidence")
    assert "".join(highlight.all_inner_texts()) == text[s1:e2]
    expect(passage(page, pid).locator('[data-role="spans"] li')).to_have_count(1)
    quote = passage(page, pid).locator('[data-role="spans"] .quote')
    expect(quote).to_have_text(f"「{text[s1:e2]}」")

    # A selection crossing the highlight's elements, marked exactly with Alt+h.
    exact = (s1 + 1, e2 + 1)
    assert select_text(page, pid, text, *exact) == text[exact[0] : exact[1]]
    page.keyboard.press("Alt+h")
    wait_saved(page, pid)
    spans = stored(page, live_server, pid)["mine"]["spans"]["spans"]
    assert {"start": exact[0], "end": exact[1], "label": "holder"} in spans

    # The same selection through the button (and Esc clears a selection).
    select_text(page, pid, text, s2, e2)
    page.keyboard.press("Escape")
    assert page.evaluate("() => window.getSelection().isCollapsed")
    page.keyboard.press("x")
    expect(passage(page, pid).locator('[data-role="error"]')).to_contain_text("请先")

    # Removing a span from the list.
    items = passage(page, pid).locator('[data-role="spans"] li')
    items.filter(has_text="立场持有者").locator("button").click()
    wait_saved(page, pid)
    assert stored(page, live_server, pid)["mine"]["spans"]["spans"] == [
        {"start": s1, "end": e2, "label": "evidence"}
    ]
    page.reload()
    page.wait_for_selector("body[data-tagging-ready]")
    assert "".join(passage(page, pid).locator(".hl-evidence").all_inner_texts()) == text[s1:e2]


ASTRAL_ARTICLE = "𠮷与表情\n\n吉野家的𠮷字和表情😀都要对齐,开源模型很重要。\n"


def test_astral_characters_round_trip_exactly(page, live_server):
    article_id = import_text(live_server, "astral.txt", ASTRAL_ARTICLE)
    sign_in(page, live_server)
    open_article(page, live_server, article_id)
    pid, text = next((i, t) for i, t in body_passages(live_server, article_id) if "😀" in t)
    want = "𠮷字和表情😀"
    start = text.index(want)  # code points: Python indexes them
    end = start + len(want)
    assert utf16(text, end) - utf16(text, start) == len(want) + 2  # two surrogate pairs

    select_text(page, pid, text, start, end)
    page.keyboard.press("Alt+x")
    wait_saved(page, pid)
    assert stored(page, live_server, pid)["mine"]["spans"]["spans"] == [
        {"start": start, "end": end, "label": "evidence"}
    ]
    expect(passage(page, pid).locator('[data-role="spans"] .quote')).to_have_text(f"「{want}」")

    # A selection ending inside the emoji's surrogate pair keeps the whole emoji.
    emoji = text.index("😀")
    # UTF-16 offsets straight into the DOM: the end falls between the two halves of 😀.
    inside = utf16(text, emoji) + 1
    page.evaluate(SELECT_JS, [text_selector(pid), utf16(text, emoji - 2), inside])
    page.keyboard.press("Alt+h")
    wait_saved(page, pid)
    spans = stored(page, live_server, pid)["mine"]["spans"]["spans"]
    assert {"start": emoji - 2, "end": emoji + 1, "label": "holder"} in spans

    page.reload()
    page.wait_for_selector("body[data-tagging-ready]")
    marked = passage(page, pid).locator(".hl-evidence")
    assert "".join(marked.all_inner_texts()) == want


def test_a_save_finishing_does_not_drop_the_selection_being_made(page, live_server):
    sign_in(page, live_server)
    open_article(page, live_server, 1)
    pid, text = next((i, t) for i, t in body_passages(live_server, 1) if len(t) > 30)
    passage(page, pid).locator('[data-role="text"]').click()
    page.route(
        "**/api/passages/*/annotations/stance",
        lambda route: (page.wait_for_timeout(300), route.continue_()),
    )
    page.keyboard.press("1")  # the save is slow to come back...
    select_text(page, pid, text, 2, 6)  # ...and the editor selects meanwhile
    wait_saved(page, pid)
    assert page.evaluate("() => window.getSelection().toString()") == text[2:6]

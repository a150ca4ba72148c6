"""A long article in a real browser: far passages get their data as the editor goes there.

The page carries every passage's text but the controls and data only of the passages around
the one it opens on (annotator/tagging/page.py); these tests reach passages that were not
loaded with the page by scrolling, keys, a deep link and the next-passage button, and tag them.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from annotator.extensions import db
from annotator.models import Passage, User
from annotator.services import annotating
from annotator.services.settings import set_setting
from annotator.tagging.page import WINDOW_AFTER
from tests.browser.conftest import ARTIFACTS, sign_in
from tests.browser.tagging_helpers import (
    body_passages,
    expect_chosen,
    import_text,
    open_article,
    passage,
    select_text,
    stored,
    wait_saved,
)

PARAGRAPHS = 120
RARE = "量子计算"  # in paragraph 100 only: a search finds that one passage


def long_article(live_server) -> tuple[int, list[tuple[int, str]]]:  # type: ignore[no-untyped-def]
    """Import a title and PARAGRAPHS paragraphs; its id and (id, text) of its passages."""
    body = "\n\n".join(
        f"第{n}段：政府部门讨论开源模型的风险与数据公开，研究人员认为第{n}号方案可行。"
        + (f"另见{RARE}。" if n == 100 else "")
        for n in range(1, PARAGRAPHS + 1)
    )
    article_id = import_text(live_server, "long.txt", f"一篇很长的文章\n\n{body}\n")
    passages = body_passages(live_server, article_id)
    assert len(passages) == PARAGRAPHS + 1  # the title is a passage too
    return article_id, passages


def loaded(page: Page, passage_id: int) -> None:
    expect(passage(page, passage_id)).to_have_class(re.compile(r"\bis-loaded\b"), timeout=10_000)


def is_loaded(page: Page, passage_id: int) -> bool:
    return page.evaluate(
        "(id) => document.querySelector(`[data-passage-id='${id}']`)"
        ".classList.contains('is-loaded')",
        passage_id,
    )


def screenshot(page: Page, name: str) -> None:
    """What the editor sees (the window, not the whole long page) under artifacts/."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def current_id(page: Page) -> int:
    return int(page.locator(".passage.is-current").get_attribute("data-passage-id"))


@pytest.fixture
def article(page, live_server):  # type: ignore[no-untyped-def]
    article_id, passages = long_article(live_server)
    sign_in(page, live_server)
    return article_id, passages


def tag_as(live_server, username: str, passage_ids: list[int], value: str) -> None:  # type: ignore[no-untyped-def]
    """Save a stance for `username` on these passages, as another tab or editor would."""
    with live_server.app.app_context():
        user = db.session.query(User).filter_by(username=username).one()
        stance = annotating.find_label_set(annotating.load_vocabulary(db.session), "stance")
        for pid in passage_ids:
            p = db.session.get(Passage, pid)
            annotating.save_choice(db.session, p, user.id, stance, [value], None)
        db.session.commit()


def test_far_passages_are_text_first_and_load_as_the_editor_scrolls(page, live_server, article):
    article_id, passages = article
    first, far = passages[0][0], passages[-1][0]
    tag_as(live_server, "editor2", [far], "for_open_release")
    with live_server.app.app_context():  # counts of others' work show without blind mode
        set_setting(db.session, "blind_mode", False, None)
        db.session.commit()
    open_article(page, live_server, article_id)
    loaded(page, first)
    # Far down: the text is there (for links, print, find), the controls are not yet.
    expect(passage(page, far).locator('[data-role="text"]')).to_have_text(passages[-1][1])
    assert not is_loaded(page, far)
    expect(passage(page, far).locator(".label-btn")).to_have_count(0)
    screenshot(page, "tagging-lazy-top")

    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    loaded(page, far)
    expect(passage(page, far).locator('[data-role="others"]')).to_have_text("另有 1 位编辑已标注")
    button = passage(page, far).locator('[data-label="stance:neutral_or_mixed"]')
    button.click()
    wait_saved(page, far)
    assert stored(page, live_server, far)["mine"]["stance"]["values"] == ["neutral_or_mixed"]
    # A passage in the middle, never near the screen, is still only text.
    middle = passages[len(passages) // 2][0]
    assert not is_loaded(page, middle)
    assert page.locator("[data-role='my-progress']").inner_text() == f"1 / {len(passages)}"
    screenshot(page, "tagging-lazy-bottom")


def test_keys_cross_the_loaded_boundary(page, live_server, article):
    article_id, passages = article
    open_article(page, live_server, article_id)
    edge = WINDOW_AFTER - 1  # the last passage the page came with (it opens on the first)
    assert is_loaded(page, passages[edge][0]) and not is_loaded(page, passages[edge + 10][0])
    passage(page, passages[edge][0]).locator('[data-role="text"]').click()
    assert current_id(page) == passages[edge][0]
    target = passages[edge + 3][0]
    for _ in range(3):
        page.keyboard.press("j")
    assert current_id(page) == target
    page.keyboard.press("2")
    loaded(page, target)
    wait_saved(page, target)
    expect_chosen(page, target, "stance:against_open_release")
    assert stored(page, live_server, target)["mine"]["stance"]["values"] == ["against_open_release"]
    page.keyboard.press("k")
    assert current_id(page) == passages[edge + 2][0]


def test_a_deep_link_opens_on_a_far_passage_that_then_works(page, live_server, article):
    article_id, passages = article
    target, text = passages[100]
    tag_as(live_server, "editor2", [target], "for_open_release")
    open_article(page, live_server, article_id, f"#p-{target}")
    loaded(page, target)
    assert current_id(page) == target
    # Blind mode (the default): no count of others' work before I have tagged it myself.
    expect(passage(page, target).locator('[data-role="others"]')).to_have_count(0)
    box = passage(page, target).bounding_box()
    height = page.viewport_size["height"]
    assert box is not None and 0 <= box["y"] and box["y"] + box["height"] <= height
    page.keyboard.press("3")
    wait_saved(page, target)
    assert stored(page, live_server, target)["mine"]["stance"]["values"] == ["neutral_or_mixed"]
    screenshot(page, "tagging-lazy-deep-link")


def test_spans_and_undo_on_a_lazily_loaded_passage(page, live_server, article):
    article_id, passages = article
    target, text = passages[90]
    open_article(page, live_server, article_id)
    assert not is_loaded(page, target)
    passage(page, target).scroll_into_view_if_needed()
    loaded(page, target)
    start = text.index("开源")
    assert select_text(page, target, text, start, start + 2) == "开源"
    page.keyboard.press("x")
    wait_saved(page, target)
    held = stored(page, live_server, target)
    # Snapped to whole words with the tokens the window brought (as for any passage).
    words = [(a, b) for a, b in held["tokens"] if a < start + 2 and start < b]
    snapped = {"start": words[0][0], "end": words[-1][1], "label": "evidence"}
    assert held["mine"]["spans"]["spans"] == [snapped]
    expect(passage(page, target).locator(".hl-evidence")).not_to_have_count(0)
    page.keyboard.press("u")
    wait_saved(page, target)
    assert stored(page, live_server, target)["mine"]["spans"]["spans"] == []
    expect(passage(page, target).locator(".hl-evidence")).to_have_count(0)
    assert current_id(page) == target
    passage(page, target).locator('[data-role="note"]').fill("远处段落的备注")
    page.keyboard.press("Tab")  # leaving the box saves the note
    wait_saved(page, target)
    assert stored(page, live_server, target)["note"]["text"] == "远处段落的备注"


def test_next_passage_goes_to_a_passage_the_page_did_not_load(page, live_server, article):
    article_id, passages = article
    open_article(page, live_server, article_id)
    skip = WINDOW_AFTER + 20
    # Tagged in another tab after the page was made.
    tag_as(live_server, "editor", [pid for pid, _ in passages[:skip]], "neutral_or_mixed")
    target = passages[skip][0]
    assert not is_loaded(page, target)
    page.keyboard.press("n")
    expect(page.locator(".passage.is-current")).to_have_attribute("data-passage-id", str(target))
    loaded(page, target)
    page.keyboard.press("1")
    wait_saved(page, target)
    assert stored(page, live_server, target)["mine"]["stance"]["values"] == ["for_open_release"]


def test_without_javascript_the_whole_article_reads_and_links_land(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    article_id, passages = long_article(live_server)
    sign_in(page, live_server)
    target, text = passages[100]
    page.goto(live_server.path(f"/articles/{article_id}#p-{target}"))
    expect(page.locator("noscript, .tagging p.muted").first).to_be_attached()
    expect(passage(page, target).locator('[data-role="text"]')).to_have_text(text)
    expect(page.locator(".passage")).to_have_count(len(passages))
    expect(page.locator(".passage .label-btn")).to_have_count(0)
    box = passage(page, target).bounding_box()
    assert box is not None and 0 <= box["y"] < page.viewport_size["height"]
    screenshot(page, "tagging-lazy-no-js")
    context.close()


def test_a_search_hit_far_down_opens_its_passage_ready_to_tag(page, live_server, article):
    article_id, passages = article
    target = next(pid for pid, text in passages if RARE in text)
    page.goto(live_server.path(f"/search?q={RARE}"))
    link = page.locator("li.hit a.hit-link")
    expect(link).to_have_count(1)
    assert link.get_attribute("href") == f"/articles/{article_id}#p-{target}"
    link.click()
    page.wait_for_selector("body[data-tagging-ready]")
    loaded(page, target)
    assert current_id(page) == target
    page.keyboard.press("4")
    wait_saved(page, target)
    assert stored(page, live_server, target)["mine"]["stance"]["values"] == ["not_about_release"]

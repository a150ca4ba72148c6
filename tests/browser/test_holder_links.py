"""Holder stances and evidence links in a real browser, on seed 002 (OpenAI, 网友, 马斯克)."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, sign_in
from tests.browser.tagging_helpers import (
    body_passages,
    open_article,
    passage,
    select_text,
    stored,
    wait_saved,
)

SEED_002 = 3  # the seeds import in file order: 000 is article 1


def _mark(page, pid, text, needle, key):
    start = text.index(needle)
    select_text(page, pid, text, start, start + len(needle))
    page.keyboard.press(f"Alt+{key}")  # exactly these characters
    wait_saved(page, pid)
    return start, start + len(needle)


def _item(page, pid, label, start, end):
    return passage(page, pid).locator(
        f'[data-role="spans"] li[data-span="spans:{label}:{start}:{end}"]'
    )


def _spans(page, live_server, pid):
    return stored(page, live_server, pid)["mine"]["spans"]["spans"]


def test_holders_take_their_own_stances_and_evidence_links_to_one(page, live_server):
    sign_in(page, live_server)
    open_article(page, live_server, SEED_002)
    pid, text = next((i, t) for i, t in body_passages(live_server, SEED_002) if "叫骂OpenAI" in t)
    passage(page, pid).scroll_into_view_if_needed()
    passage(page, pid).locator('[data-role="text"]').click()
    page.keyboard.press("3")  # the passage's stance: neutral or mixed
    wait_saved(page, pid)

    netizens = _mark(page, pid, text, "网友", "h")
    musk = _mark(page, pid, text, "马斯克", "h")
    openai = _mark(page, pid, text, "OpenAI", "h")
    # Select the netizens' span in the list, then the stance keys set its own stance.
    _item(page, pid, "holder", *netizens).click()
    page.keyboard.press("1")
    wait_saved(page, pid)
    # t selects the next span (马斯克): an input method's keydown does nothing.
    page.keyboard.press("t")
    expect(_item(page, pid, "holder", *musk)).to_have_attribute("aria-selected", "true")
    page.evaluate(
        """() => document.dispatchEvent(new KeyboardEvent('keydown',
            {key: '2', isComposing: true, bubbles: true}))"""
    )
    page.keyboard.press("4")
    wait_saved(page, pid)
    page.keyboard.press("Escape")

    evidence = _mark(page, pid, text, "干脆改名CloseAI", "x")
    _item(page, pid, "evidence", *evidence).click()
    page.keyboard.press("l")
    page.keyboard.press("1")  # holder 1: the netizens, the first in the text
    wait_saved(page, pid)
    linked = {"start": netizens[0], "end": netizens[1]}
    want = sorted(
        [
            {
                "start": netizens[0],
                "end": netizens[1],
                "label": "holder",
                "stance": "for_open_release",
            },
            {"start": musk[0], "end": musk[1], "label": "holder", "stance": "not_about_release"},
            {"start": openai[0], "end": openai[1], "label": "holder"},
            {"start": evidence[0], "end": evidence[1], "label": "evidence", "holder": linked},
        ],
        key=lambda s: (s["start"], s["end"]),
    )
    assert _spans(page, live_server, pid) == want
    assert stored(page, live_server, pid)["mine"]["stance"]["values"] == ["neutral_or_mixed"]

    # Undo takes the link back, like any change; linking again restores it.
    page.keyboard.press("u")
    wait_saved(page, pid)
    assert "holder" not in next(
        s for s in _spans(page, live_server, pid) if s["label"] == "evidence"
    )
    # The evidence is still selected (a second click would let go of it).
    expect(_item(page, pid, "evidence", *evidence)).to_have_attribute("aria-selected", "true")
    page.keyboard.press("l")
    page.keyboard.press("1")
    wait_saved(page, pid)
    assert _spans(page, live_server, pid) == want

    # A reload shows the stances, the numbers and the link.
    open_article(page, live_server, SEED_002)
    item = _item(page, pid, "holder", *netizens)
    expect(item).to_have_attribute("data-holder", "1")
    expect(item.locator(".stance-chip")).to_have_class("chip stance-chip stance-for_open_release")
    expect(_item(page, pid, "holder", *openai).locator(".stance-chip")).to_have_class(
        "chip stance-chip is-inherited"
    )
    expect(_item(page, pid, "evidence", *evidence).locator(".link-badge")).to_contain_text("1")
    marks = passage(page, pid).locator(".passage-text [data-mark]")
    expect(marks.first).to_have_attribute("data-mark", "1·支持公开/开源")
    expect(passage(page, pid).locator(".hl-stance-for_open_release")).to_have_text("网友")
    passage(page, pid).scroll_into_view_if_needed()
    ARTIFACTS.mkdir(exist_ok=True)
    passage(page, pid).screenshot(path=str(ARTIFACTS / "holder-links.png"))

    # The roll-up lists each holder with its own stance, and says where it came from
    # (马斯克 is folded into its alias Elon Musk).
    holders = page.locator('[data-part="holders"] li')
    expect(holders.filter(has_text="网友")).to_have_attribute("data-stance", "for_open_release")
    expect(holders.filter(has_text="网友")).to_have_attribute("data-stance-source", "holder")
    expect(holders.filter(has_text="Elon Musk")).to_have_attribute(
        "data-stance", "not_about_release"
    )
    expect(holders.filter(has_text="OpenAI")).to_have_attribute("data-stance", "neutral_or_mixed")
    expect(holders.filter(has_text="OpenAI")).to_have_attribute("data-stance-source", "passage")


def test_removing_a_holder_unlinks_its_evidence(page, live_server):
    sign_in(page, live_server)
    open_article(page, live_server, SEED_002)
    pid, text = next((i, t) for i, t in body_passages(live_server, SEED_002) if "叫骂OpenAI" in t)
    passage(page, pid).scroll_into_view_if_needed()
    openai = _mark(page, pid, text, "OpenAI", "h")
    _item(page, pid, "holder", *openai).click()
    # Evidence marked right after selecting a holder is linked to it.
    evidence = _mark(page, pid, text, "干脆改名", "x")
    assert _spans(page, live_server, pid)[-1]["holder"] == {"start": openai[0], "end": openai[1]}
    _item(page, pid, "evidence", *evidence).locator('[data-action="unlink"]').click()
    wait_saved(page, pid)
    assert "holder" not in _spans(page, live_server, pid)[-1]
    _item(page, pid, "evidence", *evidence).click()
    page.keyboard.press("l")
    page.keyboard.press("1")
    wait_saved(page, pid)
    _item(page, pid, "holder", *openai).locator('[data-action="remove-span"]').click()
    wait_saved(page, pid)
    assert _spans(page, live_server, pid) == [
        {"start": evidence[0], "end": evidence[1], "label": "evidence"}
    ]

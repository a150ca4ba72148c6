"""Suggestion chips on the article page: shown as hints, saved only when accepted (a / s)."""

from __future__ import annotations

from playwright.sync_api import expect
from sqlalchemy import select

from annotator.extensions import db
from annotator.models import Passage
from tests.browser.conftest import ARTIFACTS, sign_in
from tests.browser.tagging_helpers import (
    expect_chosen,
    import_text,
    open_article,
    passage,
    stored,
    wait_saved,
)

WIRE = (
    "OpenAI宣布他们开发了一个通用文本生成模型GPT-2,拥有15亿参数,"
    "使用了800万网页进行训练,但担心模型太过强大而决定不公开完整模型。"
)


def _passage_id(live_server, text: str) -> tuple[int, int, str]:  # type: ignore[no-untyped-def]
    with live_server.app.app_context():
        p = db.session.scalar(select(Passage).where(Passage.text.startswith(text)))
        return p.id, p.article_id, p.text


def test_hints_show_and_keys_accept_a_label_and_a_holder(page, live_server):
    pid, aid, text = _passage_id(live_server, "LeCun:担心模型太强大而不开源")
    sign_in(page, live_server, "editor")
    open_article(page, live_server, aid, f"#p-{pid}")
    box = passage(page, pid).locator('[data-role="suggestions"]')
    expect(box).to_be_visible()
    label_chip = box.locator('.sugg-label[data-hook="stance:against_open_release"]')
    expect(label_chip).to_contain_text("反对公开/开源")
    expect(label_chip).to_contain_text("不开源")
    expect(box.locator(".sugg-label").first.locator("kbd")).to_have_text("a")
    holder_chip = box.locator(".sugg-holder").first
    expect(holder_chip).to_contain_text("LeCun → Yann LeCun")
    expect(holder_chip.locator("kbd")).to_have_text("s")
    assert stored(page, live_server, pid)["mine"]["stance"] is None  # hints save nothing
    ARTIFACTS.mkdir(exist_ok=True)
    passage(page, pid).screenshot(path=str(ARTIFACTS / "suggestion-chips.png"))

    first_hook = box.locator(".sugg-label").first.get_attribute("data-hook")
    page.keyboard.press("a")
    wait_saved(page, pid)
    expect_chosen(page, pid, first_hook)
    set_name, label = first_hook.split(":")
    assert stored(page, live_server, pid)["mine"][set_name]["values"] == [label]
    expect(box.locator(f'.sugg-label[data-hook="{first_hook}"]')).to_have_count(0)

    page.keyboard.press("s")
    wait_saved(page, pid)
    spans = stored(page, live_server, pid)["mine"]["spans"]["spans"]
    assert {"start": 0, "end": 5, "label": "holder"} in spans and text[0:5] == "LeCun"
    expect(box.locator(".sugg-holder", has_text="LeCun → Yann LeCun")).to_have_count(0)
    page.keyboard.press("u")  # the page's own undo takes the accepted holder back
    wait_saved(page, pid)
    expect(box.locator(".sugg-holder", has_text="LeCun → Yann LeCun")).to_have_count(1)


def test_clicking_a_chip_accepts_it_and_typing_a_in_the_note_does_not(page, live_server):
    pid, aid, _ = _passage_id(live_server, "LeCun:担心模型太强大而不开源")
    sign_in(page, live_server, "editor")
    open_article(page, live_server, aid, f"#p-{pid}")
    note = passage(page, pid).locator('[data-role="note"]')
    note.click()
    note.type("as")
    note.press("Escape")
    assert stored(page, live_server, pid)["mine"]["stance"] is None
    chip = passage(page, pid).locator('.sugg-label[data-hook="stance:against_open_release"]')
    chip.click()
    wait_saved(page, pid)
    expect_chosen(page, pid, "stance:against_open_release")


def test_a_repeated_passage_says_where_else_it_appears(page, live_server):
    first = import_text(live_server, "wire-a.txt", f"甲报的稿子\n\n{WIRE}")
    second = import_text(live_server, "wire-b.txt", f"乙报的稿子\n\n{WIRE}")
    with live_server.app.app_context():
        pid = db.session.scalar(
            select(Passage.id).where(Passage.text == WIRE, Passage.article_id == first)
        )
    sign_in(page, live_server, "editor")
    open_article(page, live_server, first, f"#p-{pid}")
    also = passage(page, pid).locator(".also-in a")
    expect(also).to_have_text("乙报的稿子 §2")
    assert also.get_attribute("href").startswith(f"/articles/{second}#p-")
    passage(page, pid).screenshot(path=str(ARTIFACTS / "suggestion-also-in.png"))

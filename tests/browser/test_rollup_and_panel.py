"""The seeds' roll-up on the articles list and article view; the codebook beside the text."""

from __future__ import annotations

from playwright.sync_api import expect
from sqlalchemy import select

from annotator.extensions import db
from annotator.models import Article, User
from annotator.services.annotating import (
    SpanInput,
    find_label_set,
    load_vocabulary,
    save_choice,
    save_spans,
)
from tests.browser.conftest import ARTIFACTS, screenshot, sign_in

SEED = "000_7dea8bcfa75290fe.txt"
LECUN = "LeCun不仅转发了一条讽刺OpenAI的推文"
OPENAI = "说他们担心模型“太过强大”"


def viewport_shot(page, name):  # type: ignore[no-untyped-def]
    """The visible part only: an article page is long and slow to capture whole."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def _tag_the_seed(live_server) -> int:  # type: ignore[no-untyped-def]
    """Two editors tag seed 000 through the tagging services, as the API would."""
    with live_server.app.app_context():
        session = db.session
        article = session.scalar(select(Article).where(Article.filename == SEED))
        users = {u.username: u for u in session.scalars(select(User))}
        vocabulary = load_vocabulary(session)
        stance, spans = (find_label_set(vocabulary, n) for n in ("stance", "spans"))

        def passage(needle):  # type: ignore[no-untyped-def]
            return next(p for p in article.passages if needle in p.text)

        def holder(p, name):  # type: ignore[no-untyped-def]
            start = p.text.index(name)
            return [SpanInput(start=start, end=start + len(name), label="holder")]

        lecun, openai = passage(LECUN), passage(OPENAI)
        for name in ("editor", "editor2"):
            save_choice(session, lecun, users[name].id, stance, ["for_open_release"], None)
            save_spans(session, lecun, users[name].id, spans, holder(lecun, "LeCun"), None)
        save_choice(session, openai, users["editor"].id, stance, ["against_open_release"], None)
        save_spans(session, openai, users["editor"].id, spans, holder(openai, "OpenAI"), None)
        session.commit()
        return article.id


def test_the_seed_shows_its_roll_up_in_the_list_and_the_article(page, live_server):
    article_id = _tag_the_seed(live_server)
    sign_in(page, live_server, "editor")
    page.goto(live_server.path("/articles"))
    row = page.locator(f'tr[data-article-id="{article_id}"]')
    segments = row.locator("rect[data-segment]")
    found = {
        segments.nth(i).get_attribute("data-segment"): segments.nth(i).get_attribute("data-count")
        for i in range(segments.count())
    }
    assert found["for_open_release"] == "1" and found["against_open_release"] == "1"
    assert int(found["untagged"]) > 10
    screenshot(page, "rollup-articles-list")

    page.goto(live_server.path(f"/articles/{article_id}"))
    summary = page.locator(".rollup")
    # Spans read "LeCun"; the alias list preloaded by migration 0004 names him "Yann LeCun".
    lecun = summary.locator('[data-holder="Yann LeCun"]')
    assert lecun.get_attribute("data-stance") == "for_open_release"
    assert "支持公开/开源" in lecun.inner_text()
    assert summary.locator('[data-holder="OpenAI"]').get_attribute("data-stance") == (
        "against_open_release"
    )

    # My article stance, saved through the article-label API, survives a reload.
    choice = summary.locator('[data-article-label="article_stance:neutral_or_mixed"]')
    choice.click()
    page.locator('[data-role="article-status"]').filter(has_text="已保存").wait_for()
    assert choice.get_attribute("aria-checked") == "true"
    page.reload()
    assert "中立或兼有" in page.locator('[data-role="article-consensus"]').inner_text()
    assert (
        page.locator('[data-article-label="article_stance:neutral_or_mixed"]').get_attribute(
            "aria-checked"
        )
        == "true"
    )
    page.evaluate("window.scrollTo(0, 0)")
    viewport_shot(page, "rollup-article-view")


def test_hover_shows_a_definition_and_g_opens_the_codebook(page, live_server):
    sign_in(page, live_server, "editor")
    page.goto(live_server.path("/articles/1"))
    button = page.locator('[data-label="stance:for_open_release"]').first
    tip = page.locator("#codebook-tip")
    # A polling locator, not wait_for_function: the page's CSP forbids string evaluation.
    expect(page.locator("[data-label]").first).to_have_attribute("aria-describedby", "codebook-tip")
    button.hover()
    tip.wait_for(state="visible")
    assert "嘲讽不公开的决定" in tip.inner_text() and "支持公开/开源" in tip.inner_text()
    assert button.get_attribute("title") is None  # no second, raw tooltip
    page.mouse.move(1, 1)
    tip.wait_for(state="hidden")
    # Keyboard users get it on focus.
    page.locator('[data-label="bias_attribution:data"]').first.focus()
    tip.wait_for(state="visible")
    assert "训练数据" in tip.inner_text()
    page.locator("body").click(position={"x": 1, "y": 300})

    panel = page.locator("#codebook-panel")
    assert panel.is_hidden()
    page.keyboard.press("g")
    panel.wait_for(state="visible")
    panel.locator('[data-codebook-label="stance:for_open_release"]').wait_for()
    assert "判定规则" in panel.inner_text() and "担心AI过于强大而不开源太矫情" in panel.inner_text()
    viewport_shot(page, "codebook-panel")
    page.keyboard.press("Escape")
    panel.wait_for(state="hidden")
    # Typing g in the note box does not open it.
    note = page.locator('textarea[data-role="note"]').first
    note.click()
    page.keyboard.press("g")
    assert panel.is_hidden()

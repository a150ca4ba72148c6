"""Search filters pick articles by title and people by name; article text ranks first."""

from __future__ import annotations

from annotator.extensions import db
from annotator.models import Article, HolderAlias, Passage
from tests.browser.conftest import sign_in
from tests.browser.tagging_helpers import import_text


def _pick_article(page, words: str, title: str) -> None:  # type: ignore[no-untyped-def]
    """Type title words into the article picker, wait for its suggestion, take it."""
    picker = page.locator("input[name=article]")
    picker.click()
    picker.press_sequentially(words)
    offered = page.locator("#article-picker-options option")
    offered.filter(has=page.locator(f"xpath=self::*[contains(@value, '{title}')]")).wait_for(
        state="attached"
    )
    label = next(v for v in offered.evaluate_all("os => os.map((o) => o.value)") if title in v)
    picker.fill(label)  # what choosing the browser's suggestion puts in the field


def test_filters_pick_an_article_by_title_and_an_editor_by_name(page, live_server):
    with live_server.app.app_context():
        title = db.session.get(Article, 1).title
    sign_in(page, live_server, "reviewer")
    page.goto(live_server.path("/search?q=开源"))
    page.locator("details.search-filters summary").click()
    _pick_article(page, title[:6], title)
    editor = page.locator("select[name=annotator]")
    assert editor.locator("option[value=editor2]").inner_text() == "editor2"
    page.locator(".search-row button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert "article=%231+" in page.url
    links = page.locator("li.hit a.hit-link").evaluate_all("els => els.map((a) => a.pathname)")
    assert links and set(links) == {"/articles/1"}
    assert page.locator("input[name=article]").input_value() == f"#1 {title}"


def test_the_review_list_picks_an_article_and_says_why_words_name_none(page, live_server):
    with live_server.app.app_context():
        title = db.session.get(Article, 2).title
    sign_in(page, live_server, "reviewer")
    page.goto(live_server.path("/review?show=all"))
    assert page.locator("select[name=article]").count() == 0  # no title list in the page
    _pick_article(page, title[:5], title)
    page.locator("main form.filters button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("input[name=article]").input_value() == f"#2 {title}"
    assert page.locator("p.error").count() == 0
    page.locator("input[name=article]").fill("没有这个标题的文章")
    page.locator("main form.filters button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert "没有这个标题的文章" in page.locator("p.error").inner_text()
    assert page.locator("table.review-list").count() == 0


def test_boilerplate_ranks_below_article_text(page, live_server):
    article_id = import_text(
        live_server,
        "rank.txt",
        "量子退火机 量子退火机 量子退火机 量子退火机 量子退火机。\n\n"
        "这是一段很长的正文，讲了许多别的事情，只有一次顺带提到量子退火机，"
        "其余都是关于天气、交通和城市规划的文字，用来让这一段的得分低一些。\n",
    )
    with live_server.app.app_context():
        first = db.session.query(Passage).filter_by(article_id=article_id, index=0).one()
        first.kind = "boilerplate"
        db.session.commit()
        furniture = first.id
    sign_in(page, live_server, "editor")
    page.goto(live_server.path("/search?q=量子退火机"))
    ids = page.locator("li.hit").evaluate_all("els => els.map((li) => +li.dataset.passageId)")
    assert len(ids) == 2
    assert ids[-1] == furniture


def test_a_holder_alias_finds_passages_naming_the_same_person(page, live_server):
    # The seeds never write 杨立昆; the default holder aliases make it LeCun's Chinese name.
    sign_in(page, live_server, "editor")
    page.goto(live_server.path("/search?q=杨立昆"))
    hits = page.locator("li.hit")
    assert hits.count() > 0
    marked = hits.first.locator(".hit-text mark").all_inner_texts()
    assert any("lecun" in m.lower() for m in marked), marked
    # An alias added later works the same way.
    with live_server.app.app_context():
        db.session.add(HolderAlias(alias="乐老师", canonical="LeCun"))
        db.session.commit()
    page.goto(live_server.path("/search?q=乐老师"))
    assert page.locator("li.hit").count() > 0

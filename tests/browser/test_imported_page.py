"""A saved web page uploaded through the import page reads as its article, furniture folded."""

from __future__ import annotations

from playwright.sync_api import expect
from sqlalchemy import select

from annotator.extensions import db
from annotator.models import Article
from tests.browser.conftest import sign_in
from tests.browser.tagging_helpers import open_article
from tests.browser.test_tagging_pages import artifact
from tests.fixtures.pages import NEWS, PAGES


def test_an_uploaded_page_shows_its_body_with_the_furniture_folded(
    page, browser, live_server
) -> None:  # type: ignore[no-untyped-def]
    admin = browser.new_page()
    sign_in(admin, live_server, "admin")
    admin.goto(live_server.path("/import"))
    admin.set_input_files('input[type="file"]', str(PAGES / NEWS.file))
    admin.click("form[enctype] button[type=submit]")
    expect(admin.locator("tr.status-imported")).to_have_count(1)
    admin.close()
    with live_server.app.app_context():
        article_id = db.session.scalar(select(Article.id).where(Article.title == NEWS.title))
    assert article_id is not None
    page.set_viewport_size({"width": 1200, "height": 900})
    sign_in(page, live_server, "editor")
    open_article(page, live_server, article_id)
    folded = page.locator("details.chrome-run")
    expect(folded.first).to_be_visible()
    assert folded.count() >= 2  # the page's head (navigation, byline) and its tail
    assert all(not d.evaluate("el => el.open") for d in folded.all())
    expect(folded.first.locator("summary")).to_contain_text("前沿AI观察")
    navigation = page.locator('section.boilerplate [data-role="text"]', has_text="人工智能")
    expect(navigation.first).to_be_hidden()
    for paragraph in NEWS.body[1:3]:
        expect(page.locator('section[data-kind="body"]', has_text=paragraph)).to_be_visible()
    page.screenshot(path=str(artifact("imported-page-head-zh")))
    folded.last.scroll_into_view_if_needed()
    page.mouse.wheel(0, 400)
    page.screenshot(path=str(artifact("imported-page-tail-zh")))

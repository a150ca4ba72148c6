"""Helpers for the tagging browser tests: open pages, select text, read stored state."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from annotator.extensions import db
from annotator.models import Article, ArticleEditor, User
from annotator.services.importing import import_file
from annotator.services.importing.store import ImportOptions
from annotator.services.tokenizer import get_tokenizer

# Select [start, end) of an element's text, counted in UTF-16 units as the DOM does,
# walking the text nodes so highlight elements inside do not matter.
SELECT_JS = """([selector, start, end]) => {
  const el = document.querySelector(selector);
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  let pos = 0, node, a = null, b = null;
  while ((node = walker.nextNode())) {
    const len = node.data.length;
    if (!a && start <= pos + len) a = [node, start - pos];
    if (!b && end <= pos + len) b = [node, end - pos];
    pos += len;
  }
  const range = document.createRange();
  range.setStart(...a);
  range.setEnd(...b);
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  return selection.toString();
}"""


def open_article(page: Page, live_server, article_id: int, query: str = "") -> None:  # type: ignore[no-untyped-def]
    """Open an article page and wait until its script is ready."""
    page.goto(live_server.path(f"/articles/{article_id}{query}"))
    page.wait_for_selector("body[data-tagging-ready]")


def passage(page: Page, passage_id: int | str):  # type: ignore[no-untyped-def]
    return page.locator(f'[data-passage-id="{passage_id}"]')


def text_selector(passage_id: int | str) -> str:
    return f'[data-passage-id="{passage_id}"] [data-role="text"]'


def utf16(text: str, code_points: int) -> int:
    """How many UTF-16 units the first `code_points` characters take."""
    return len(text[:code_points].encode("utf-16-le")) // 2


def select_text(page: Page, passage_id: int, text: str, start: int, end: int) -> str:
    """Select code points [start, end) of a passage's text in the page."""
    units = [utf16(text, start), utf16(text, end)]
    return page.evaluate(SELECT_JS, [text_selector(passage_id), *units])


def stored(page: Page, live_server, passage_id: int) -> dict:  # type: ignore[no-untyped-def,type-arg]
    """What the server holds for the signed-in editor."""
    response = page.request.get(live_server.path(f"/api/passages/{passage_id}"))
    assert response.ok
    return response.json()


def wait_saved(page: Page, passage_id: int) -> None:
    expect(passage(page, passage_id).locator('[data-role="status"]')).to_have_attribute(
        "data-state", "saved"
    )


def import_text(live_server, name: str, text: str) -> int:  # type: ignore[no-untyped-def]
    """Import one more article into the running app; its id."""
    with live_server.app.app_context():
        report = import_file(
            db.session, Path(name), get_tokenizer(db.session), ImportOptions(), data=text.encode()
        )
        assert report.status == "imported", report.reason
        db.session.commit()
        return report.article_ids[0]


def restrict_seeds_to(live_server, username: str, keep: list[int]) -> None:  # type: ignore[no-untyped-def]
    """Assign every article except `keep` to one editor, hiding them from the others."""
    with live_server.app.app_context():
        user = db.session.query(User).filter_by(username=username).one()
        for article in db.session.query(Article).filter(Article.id.not_in(keep)):
            db.session.add(ArticleEditor(article_id=article.id, user_id=user.id))
        db.session.commit()


def body_passages(live_server, article_id: int) -> list[tuple[int, str]]:  # type: ignore[no-untyped-def]
    """(id, text) of an article's body passages, in order."""
    with live_server.app.app_context():
        article = db.session.get(Article, article_id)
        return [(p.id, p.text) for p in article.passages if p.kind == "body"]


def expect_chosen(page: Page, passage_id: int, hook: str, chosen: bool = True) -> None:
    """Assert a label control (`SET:VALUE`) shows as chosen, or not."""
    attribute = "aria-checked" if hook.startswith("stance:") else "aria-pressed"
    control = passage(page, passage_id).locator(f'[data-label="{hook}"]')
    expect(control).to_have_attribute(attribute, "true" if chosen else "false")

"""Agreement: a figure that is 0/0 shows the same undefined mark for alpha and kappa."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import sign_in
from tests.browser.tagging_helpers import body_passages, open_article, passage, wait_saved


def tag(browser, live_server, username: str, passage_ids: list[int], keys: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, live_server, username)
    open_article(page, live_server, 1)
    for pid in passage_ids:
        passage(page, pid).locator(".passage-text").click()
        for key in keys:
            page.keyboard.press(key)
        wait_saved(page, pid)
    context.close()


def test_a_label_nobody_chose_is_undefined_for_alpha_and_kappa_alike(browser, page, live_server):
    ids = [pid for pid, _ in body_passages(live_server, 1)[:3]]
    tag(browser, live_server, "editor", ids, "1q")
    tag(browser, live_server, "editor2", ids, "1q")
    sign_in(page, live_server, "reviewer")
    page.goto(live_server.path("/agreement?lang=en"))
    section = page.locator("section.agreement[data-set=bias_attribution]")
    alpha = section.locator("tr[data-label=model_or_method] [data-figure=per_label_alpha]")
    kappa = section.locator(".pairs tr[data-label=model_or_method] [data-figure=kappa]")
    expect(alpha).to_have_text("—")
    expect(kappa).to_have_text("—")
    for cell in (alpha, kappa):
        assert "nobody chose this label" in cell.locator(".undefined").get_attribute("title")

"""The site navigation: every page a role may use is reachable, on one line at 1280 px."""

from __future__ import annotations

import pytest

from tests.browser.conftest import sign_in

PAGES = [
    "/articles",
    "/articles/1",
    "/codebook",
    "/search?q=开源",
    "/review",
    "/dashboard",
    "/export",
    "/admin/users",
    "/account",
]


def reachable(page) -> set[str]:  # type: ignore[no-untyped-def]
    """Addresses the top bar leads to, menus included: links, and the forms of actions
    that change state (claiming the next passage is a POST)."""
    links = page.eval_on_selector_all(
        "header.topbar a[href]", "links => links.map((a) => a.getAttribute('href'))"
    )
    forms = page.eval_on_selector_all(
        "header.topbar form[method=post]", "forms => forms.map((f) => f.getAttribute('action'))"
    )
    return set(links) | set(forms)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_top_bar_fits_one_line_at_1280_px(page, live_server, lang):
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in(page, live_server, "admin")
    page.goto(live_server.path(f"/articles?lang={lang}"))
    for path in PAGES:
        page.goto(live_server.path(path))
        bar = page.locator("header.topbar")
        height = bar.evaluate("el => el.getBoundingClientRect().height")
        assert height < 60, (path, height)
        width = bar.evaluate("el => el.scrollWidth")
        assert width <= 1280, (path, width)


def test_every_page_an_admin_uses_is_in_the_navigation(page, live_server):
    sign_in(page, live_server, "admin")
    for path in ("/articles/1", "/codebook", "/codebook/versions", "/export"):
        page.goto(live_server.path(path))
        links = reachable(page)
        for href in (
            "/articles",
            "/next",
            "/codebook",
            "/review",
            "/agreement",
            "/dashboard",
            "/duplicates",
            "/export",
            "/admin/users",
            "/admin/articles",
            "/admin/settings",
            "/import",
            "/dictionary",
            "/account",
        ):
            assert href in links, (path, href)
    page.goto(live_server.path("/account"))
    assert page.locator("main a[href='/tokens']").count() == 1
    # The admin menu opens from the bar and leads to its pages.
    page.goto(live_server.path("/articles"))
    page.locator("details[data-menu=admin] summary").click()
    page.locator("details[data-menu=admin] a[href='/dictionary']").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/dictionary")


def test_an_editor_sees_no_review_or_admin_pages(page, live_server):
    sign_in(page, live_server, "editor")
    page.goto(live_server.path("/articles"))
    links = reachable(page)
    assert {"/articles", "/next", "/codebook", "/account"} <= links
    assert not links & {"/review", "/export", "/admin/users", "/import", "/dictionary"}


def test_the_codebook_keeps_the_site_navigation_beside_its_own(page, live_server):
    sign_in(page, live_server, "admin")
    page.goto(live_server.path("/codebook/versions"))
    assert "/review" in reachable(page)
    sub = page.locator("nav.subnav")
    assert sub.locator("a[href='/codebook/versions']").count() == 1
    assert sub.locator("a[href='/codebook/edit']").count() == 1

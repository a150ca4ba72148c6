"""Accounts screens: temporary passwords are replaced at once, deactivating oneself asks first."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import sign_in

NEW_PASSWORD = "my-own-long-password"


def test_an_invited_user_must_choose_a_password_at_first_sign_in(browser, page, live_server):
    sign_in(page, live_server, "admin")
    page.goto(live_server.path("/admin/users?lang=zh"))
    page.fill("input[name=username]", "newbie")
    page.click("section.card button.primary")
    page.wait_for_load_state("networkidle")
    temporary = page.locator("code.secret").inner_text()

    context = browser.new_context()
    newbie = context.new_page()
    newbie.goto(live_server.path("/login"))
    newbie.fill("input[name=username]", "newbie")
    newbie.fill("input[name=password]", temporary)
    newbie.click("main button[type=submit]")
    newbie.wait_for_load_state("networkidle")
    assert newbie.url.endswith("/account")
    expect(newbie.locator("[data-temporary-password]")).to_be_visible()
    newbie.goto(live_server.path("/articles/1"))
    assert newbie.url.endswith("/account")  # nothing else opens until the password is changed
    newbie.fill("input[name=current]", temporary)
    newbie.fill("input[name=new]", NEW_PASSWORD)
    newbie.fill("input[name=confirm]", NEW_PASSWORD)
    newbie.click("main button[type=submit]")
    newbie.wait_for_load_state("networkidle")
    expect(newbie.locator("[data-temporary-password]")).to_have_count(0)
    newbie.goto(live_server.path("/articles/1"))
    assert newbie.url.endswith("/articles/1")
    context.close()


def test_an_admin_confirms_before_deactivating_themself(page, live_server):
    sign_in(page, live_server, "admin")
    page.goto(live_server.path("/admin/users"))
    if page.locator("html").get_attribute("lang") != "en":
        # ?lang= holds for one page only: switch the session's language with the top bar.
        page.locator("header.topbar button.lang").click()
        page.wait_for_load_state("networkidle")
    page.locator("tr[data-user=admin] button", has_text="Deactivate").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator("[data-confirm=deactivate-self]")).to_be_visible()
    page.locator("[data-confirm=deactivate-self] a", has_text="Cancel").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/admin/users")
    assert "inactive" not in (page.locator("tr[data-user=admin]").get_attribute("class") or "")

    # Confirmed, the only admin is still refused: back on the users page, saying why.
    page.locator("tr[data-user=admin] button", has_text="Deactivate").click()
    page.locator("[data-confirm=deactivate-self] button").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/admin/users")
    expect(page.locator("p.flash.error")).to_contain_text("last active admin")

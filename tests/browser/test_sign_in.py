"""Sign-in in a real browser."""

from __future__ import annotations

from tests.browser.conftest import PASSWORD, sign_in


def test_wrong_password_is_refused_without_saying_which_part(page, live_server):
    page.goto(live_server.path("/login"))
    page.fill("input[name=username]", "editor")
    page.fill("input[name=password]", PASSWORD + "x")
    page.click("main button[type=submit]")
    alert = page.locator("[role=alert]")
    assert alert.inner_text() == "用户名或密码错误。"


def test_sign_in_then_out(page, live_server):
    sign_in(page, live_server)
    assert "/login" not in page.url
    page.click("form[action='/logout'] button")
    page.wait_for_url("**/login")

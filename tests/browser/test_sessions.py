"""Sessions in a real browser: "keep me signed in" survives a restart, sign-out ends it all."""

from __future__ import annotations

import time

from tests.browser.conftest import PASSWORD

DAY = 24 * 3600


def _sign_in(page, live_server, remember: bool) -> None:  # type: ignore[no-untyped-def]
    page.goto(live_server.path("/login"))
    page.fill("input[name=username]", "editor")
    page.fill("input[name=password]", PASSWORD)
    if remember:
        page.check("input[name=remember]")
    page.click("main button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "/login" not in page.url


def _signed_in(page, live_server) -> bool:  # type: ignore[no-untyped-def]
    page.goto(live_server.path("/tokens"))
    return "/login" not in page.url


def test_remember_me_survives_a_browser_restart_for_many_requests(browser, live_server):
    first = browser.new_context()
    _sign_in(first.new_page(), live_server, remember=True)
    cookies = first.cookies()
    first.close()
    remember = next(c for c in cookies if c["name"] == "remember_token")
    lifetime = remember["expires"] - time.time()
    assert 29 * DAY < lifetime <= 30 * DAY  # a month, not a year
    # A restart keeps the persistent cookies only: the session cookie dies with the browser.
    restarted = browser.new_context()
    restarted.add_cookies([c for c in cookies if c["expires"] > 0])
    page = restarted.new_page()
    for _ in range(4):
        assert _signed_in(page, live_server)
    restarted.close()


def test_without_remember_me_a_restart_signs_out(browser, live_server):
    first = browser.new_context()
    _sign_in(first.new_page(), live_server, remember=False)
    cookies = first.cookies()
    first.close()
    assert not [c for c in cookies if c["expires"] > 0 and c["name"] != "device"]
    restarted = browser.new_context()
    restarted.add_cookies([c for c in cookies if c["expires"] > 0])
    assert not _signed_in(restarted.new_page(), live_server)
    restarted.close()


def test_sign_out_then_replaying_both_cookies_is_refused(browser, live_server):
    context = browser.new_context()
    page = context.new_page()
    _sign_in(page, live_server, remember=True)
    stolen = [c for c in context.cookies() if c["name"] in ("session", "remember_token")]
    assert {c["name"] for c in stolen} == {"session", "remember_token"}
    page.click("form[action='/logout'] button")
    page.wait_for_url("**/login")
    # The browser itself no longer holds the remember cookie.
    assert "remember_token" not in {c["name"] for c in context.cookies()}
    context.close()
    for replayed in (stolen, [c for c in stolen if c["name"] == "remember_token"]):
        thief = browser.new_context(user_agent="a different browser")
        thief.add_cookies(replayed)
        assert not _signed_in(thief.new_page(), live_server)
        thief.close()
    # The same browser, same user agent, replaying the old session cookie alone: refused too.
    same = browser.new_context()
    same.add_cookies([c for c in stolen if c["name"] == "session"])
    assert not _signed_in(same.new_page(), live_server)
    same.close()

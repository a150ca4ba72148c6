"""One language on a page: errors and import reasons in Chinese, the switch keeps the page."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import expect

from tests.browser.conftest import sign_in

LATIN_WORDS = re.compile(r"[A-Za-z]{4,}")


def test_403_and_404_pages_speak_chinese(page, live_server):
    sign_in(page, live_server, "editor")
    page.goto(live_server.path("/articles?lang=zh"))
    for path, code in (("/no/such/page", 404), ("/admin/users", 403), ("/articles/99999", 404)):
        response = page.goto(live_server.path(path))
        assert response.status == code
        message = page.locator("main p.error").inner_text()
        assert not LATIN_WORDS.search(message), (path, message)
    page.goto(live_server.path("/no/such/page?lang=en"))
    expect(page.locator("main p.error")).to_contain_text("does not exist")


def test_an_empty_file_is_refused_in_chinese(page, live_server):
    sign_in(page, live_server, "admin")
    page.goto(live_server.path("/import?lang=zh"))
    page.set_input_files(
        "input[name=files]", files=[{"name": "空.txt", "mimeType": "text/plain", "buffer": b""}]
    )
    page.click("button.primary[type=submit]")
    page.wait_for_load_state("networkidle")
    reason = page.locator("table.import-results tbody tr").first.inner_text()
    assert "空文件" in reason
    assert "empty file" not in reason


def test_the_language_switch_keeps_the_query_and_filters(page, live_server):
    sign_in(page, live_server, "editor")
    page.goto(live_server.path("/search?q=开源&kind=body&lang=zh"))
    page.locator("header.topbar button.lang").click()
    page.wait_for_load_state("networkidle")
    query = parse_qs(urlparse(page.url).query)
    # The switch is a POST that sets the session's language and comes back to this page.
    assert query == {"q": ["开源"], "kind": ["body"]}
    assert page.locator("html").get_attribute("lang") == "en"
    page.locator("header.topbar button.lang").click()
    page.wait_for_load_state("networkidle")
    assert parse_qs(urlparse(page.url).query)["q"] == ["开源"]


def test_boilerplate_has_one_name_in_each_language(page, live_server):
    sign_in(page, live_server, "admin")
    names = {"zh": ("页面杂项", ["网页杂项", "模板内容"]), "en": ("oilerplate", ["furniture"])}
    for lang, (name, others) in names.items():
        seen = ""
        for path in ("/articles/1", "/export", "/search?q=版权"):
            page.goto(live_server.path(f"{path}{'&' if '?' in path else '?'}lang={lang}"))
            text = page.locator("main").inner_text() + page.locator("main").inner_html()
            for other in others:
                assert other not in text, (lang, path, other)
            seen += text
        assert name in seen, lang

"""The export and API-token pages in a real browser."""

from __future__ import annotations

import json
from pathlib import Path

from tests.browser.conftest import screenshot, sign_in


def test_a_reviewer_downloads_the_export_and_its_card(page, live_server):
    sign_in(page, live_server, "reviewer")
    page.goto(live_server.path("/export"))
    assert page.locator("h1").inner_text() == "导出数据集"
    page.select_option("select[name=format]", "native")
    screenshot(page, "export-page")
    with page.expect_download() as download_info:
        page.click("button.primary")
    download = download_info.value
    assert download.suggested_filename.startswith("annotator-native-all-")
    lines = Path(download.path()).read_text(encoding="utf-8").splitlines()
    assert lines and all(json.loads(x)["schema_version"] == 1 for x in lines)
    with page.expect_download() as card_info:
        page.click("button.secondary")
    card = Path(card_info.value.path()).read_text(encoding="utf-8")
    assert card.startswith("# Dataset card")


def test_an_editor_is_refused_the_export_page(page, live_server):
    sign_in(page, live_server, "editor")
    response = page.goto(live_server.path("/export"))
    assert response.status == 403


def test_an_editor_creates_a_token_that_is_shown_once(page, live_server):
    sign_in(page, live_server, "editor")
    page.goto(live_server.path("/tokens"))
    page.click("header button.lang")  # the language switch posts and comes back here
    page.wait_for_url("**/tokens")
    page.fill("input[name=name]", "nightly script")
    page.click("button.primary")
    token = page.locator("#new-token").inner_text()
    assert token.startswith("ann_")
    screenshot(page, "tokens-created")
    page.goto(live_server.path("/tokens"))
    assert page.locator("#new-token").count() == 0
    assert token[:12] in page.content() and token not in page.content()
    page.click("button.danger")
    assert "revoked" in page.locator("tr.revoked").inner_text()  # the switch stays in the session
    screenshot(page, "tokens-revoked")

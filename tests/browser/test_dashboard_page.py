"""The dashboard's charts: whole titles cut at the end, done in green, empty charts explained."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import sign_in

LABELS_JS = """() => Array.from(document.querySelectorAll('svg.bars')).flatMap((svg) => {
  const box = svg.getBoundingClientRect();
  return Array.from(svg.querySelectorAll('text.axis-label')).map((t) => {
    const r = t.getBoundingClientRect();
    return {text: t.firstChild.textContent, full: t.querySelector('title')?.textContent || '',
            inside: r.left >= box.left - 0.5};
  });
})"""


def test_titles_fit_whole_from_their_start(page, live_server):
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server, "reviewer")
    page.goto(live_server.path("/dashboard?lang=zh"))
    labels = page.evaluate(LABELS_JS)
    assert labels
    cut = [label for label in labels if label["text"] != label["full"]]
    assert cut, "the seeds have titles too long for the chart"
    for label in labels:
        assert label["inside"], label
        if label["text"] != label["full"]:
            assert label["text"].endswith("…")
            assert label["full"].startswith(label["text"][:-1])


def test_done_is_green_and_untouched_is_not(page, live_server):
    sign_in(page, live_server, "reviewer")
    page.goto(live_server.path("/dashboard?lang=en"))
    fills = page.evaluate("""() => Object.fromEntries(
      Array.from(document.querySelectorAll('figure.chart .legend span')).map(
        (s) => [s.textContent.trim(), s.querySelector('rect').getAttribute('fill')]))""")
    assert fills["complete"] == "#1a7f37"
    assert fills["untouched"] not in ("#1a7f37", "#0b6bcb")
    assert fills["done"] == "#1a7f37"


def test_an_empty_chart_says_why(page, live_server):
    sign_in(page, live_server, "reviewer")
    page.goto(live_server.path("/dashboard?lang=en"))
    empty = page.locator("[data-empty-chart]")
    expect(empty.first).to_be_visible()
    expect(empty.first).to_contain_text("Nobody has chosen a label")

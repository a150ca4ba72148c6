"""The issue's Done, in real browsers: two editors tag a seed article blind, a reviewer
settles every conflict, the agreement page matches an independent computation, and the
export carries the gold with the history behind it."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect
from sklearn.metrics import cohen_kappa_score

from annotator.extensions import db
from annotator.services.exporting import ExportOptions, native_lines
from annotator.services.history import passage_history
from tests.browser.conftest import sign_in
from tests.browser.tagging_helpers import body_passages, restrict_seeds_to, wait_saved
from tests.dashboard.test_agreement import hand_alpha, nominal

STANCES = ["for_open_release", "against_open_release", "neutral_or_mixed", "not_about_release"]
ARTICLE = 2  # the second seed: 32 body passages


def plan(editor: str, index: int) -> int:
    """The stance key (0-3) an editor gives the index-th body passage; every 4th differs."""
    if editor == "editor2" and index % 4 == 0:
        return (index + 1) % 4
    return index % 4


def current_id(page: Page) -> int:
    return int(page.locator(".passage.is-current").get_attribute("data-passage-id"))


def tag_everything_from_the_queue(page: Page, live_server, name: str, order: list[int]) -> None:  # type: ignore[no-untyped-def]
    """Follow the queue with the `n` key, tagging each passage with the planned stance."""
    page.goto(live_server.path("/articles"))
    page.click("header form[action='/next'] button")
    page.wait_for_selector("body[data-tagging-ready]")
    for step in range(len(order)):
        passage_id = current_id(page)
        others = page.request.get(live_server.path(f"/api/passages/{passage_id}/others"))
        assert others.status == 403, "others' labels must stay hidden until I have tagged"
        page.keyboard.press(str(plan(name, order.index(passage_id)) + 1))
        wait_saved(page, passage_id)
        shown = page.request.get(live_server.path(f"/api/passages/{passage_id}/others"))
        assert shown.status == 200
        if name == "editor2":  # editor tagged everything first
            assert [o["user"] for o in shown.json()["others"]] == ["editor"]
        page.keyboard.press("n")
        if step < len(order) - 1:
            expect(page.locator(".passage.is-current")).not_to_have_attribute(
                "data-passage-id", str(passage_id)
            )
    expect(page.locator('[data-role="toast"]')).to_have_text("目前没有需要你标注的段落。")


def test_two_editors_blind_then_a_reviewer_settles_and_the_export_has_gold(browser, live_server):
    restrict_seeds_to(live_server, "admin", keep=[ARTICLE])
    order = [pid for pid, _ in body_passages(live_server, ARTICLE)]
    contexts = {name: browser.new_context() for name in ("editor", "editor2", "reviewer")}
    pages = {name: ctx.new_page() for name, ctx in contexts.items()}
    for name, page in pages.items():
        sign_in(page, live_server, name)
    tag_everything_from_the_queue(pages["editor"], live_server, "editor", order)
    tag_everything_from_the_queue(pages["editor2"], live_server, "editor2", order)

    # The agreement page against scikit-learn and a hand-computed alpha.
    one = [STANCES[plan("editor", i)] for i in range(len(order))]
    two = [STANCES[plan("editor2", i)] for i in range(len(order))]
    kappa = cohen_kappa_score(one, two)
    alpha = hand_alpha(
        {i: {"a": a, "b": b} for i, (a, b) in enumerate(zip(one, two, strict=True))}, nominal
    )
    reviewer = pages["reviewer"]
    reviewer.goto(live_server.path("/agreement?lang=en"))
    stance = reviewer.locator("section[data-set=stance]")
    expect(stance.locator("[data-figure=n_units]")).to_have_text(str(len(order)))
    expect(stance.locator("[data-figure=alpha]")).to_have_text(f"{alpha:.3f}")
    expect(stance.locator("[data-figure=kappa]")).to_have_text(f"{kappa:.3f}")

    # The reviewer settles every conflict, siding with editor2 and saying why.
    reviewer.goto(live_server.path("/review"))
    conflicts = reviewer.locator("tr[data-status=conflict]")
    expected = sum(1 for a, b in zip(one, two, strict=True) if a != b)
    expect(conflicts).to_have_count(expected)
    conflicts.first.locator("a").click()
    settled = []
    for _ in range(expected):
        reviewer.wait_for_selector("form [data-set=stance]")
        passage_id = int(re.search(r"/review/(\d+)", reviewer.url).group(1))
        index = order.index(passage_id)
        reviewer.check(f"fieldset[data-set=stance] input[value={two[index]}]")
        reviewer.fill("textarea[name=reason]", "第二位编辑的理解更准确")
        reviewer.click("button[value=next]")
        reviewer.wait_for_load_state("networkidle")
        settled.append(passage_id)
    reviewer.goto(live_server.path("/review"))
    expect(reviewer.locator("tr[data-status=conflict]")).to_have_count(0)

    with live_server.app.app_context():
        lines = {line["id"]: line for line in native_lines(db.session, ExportOptions())}
        by_status: dict[str, int] = {}
        for line in lines.values():
            by_status[line["status"]] = by_status.get(line["status"], 0) + 1
        assert by_status["gold"] == expected
        gold_lines = [line for line in lines.values() if line["status"] == "gold"]
        for line in gold_lines:
            assert len(line["annotations"]) == 2  # both editors' records stay beside the gold
        for passage_id in settled:
            actions = [e.action for e in passage_history(db.session, passage_id)]
            assert actions.count("annotation.save") == 2 and actions[-1] == "gold.settle"
    for ctx in contexts.values():
        ctx.close()

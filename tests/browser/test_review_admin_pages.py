"""Team pages in a real browser: review and settle a conflict, agreement, dashboard, admin."""

from __future__ import annotations

from sqlalchemy import select

from annotator.extensions import db
from annotator.models import Passage, User
from annotator.services.reviewing import settled_gold
from tests.browser.conftest import screenshot, sign_in
from tests.builders.labels import tag

F, A, N = "for_open_release", "against_open_release", "neutral_or_mixed"


def _tag_seed(live_server) -> list[int]:  # type: ignore[no-untyped-def]
    """Editor and editor2 tag the first six body passages of the first seed; 2 conflicts."""
    with live_server.app.app_context():
        users = {u.username: u for u in db.session.scalars(select(User))}
        passages = db.session.scalars(
            select(Passage)
            .where(Passage.kind == "body")
            .order_by(Passage.article_id, Passage.index)
        ).all()[:6]
        plan = [(F, F), (F, A), (N, N), (A, A), (N, F), (F, F)]
        for passage, (one, two) in zip(passages, plan, strict=True):
            tag(
                db.session,
                passage,
                users["editor"],
                stance=one,
                bias=["data"],
                note="编辑一的备注" if one != two else None,
            )
            tag(
                db.session,
                passage,
                users["editor2"],
                stance=two,
                bias=["data"],
                spans=[(0, 2, "holder")],
            )
        db.session.commit()
        return [p.id for p in passages]


def test_reviewer_settles_conflicts_with_a_selected_span(page, live_server):
    ids = _tag_seed(live_server)
    sign_in(page, live_server, "reviewer")
    page.goto(live_server.path("/review"))
    rows = page.locator("tr[data-status=conflict]")
    assert rows.count() == 2
    screenshot(page, "team-review-list-zh")
    rows.first.locator("a").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(f"/review/{ids[1]}")
    screenshot(page, "team-review-passage-zh")
    # Select the first four characters of the passage and release the mouse there.
    page.evaluate("""() => {
        const el = document.querySelector('[data-review-text]');
        const range = document.createRange();
        range.setStart(el.firstChild, 0);
        range.setEnd(el.firstChild, 4);
        window.getSelection().removeAllRanges();
        window.getSelection().addRange(range);
        el.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
    }""")
    assert page.input_value("[data-new-start]") == "0"
    assert page.input_value("[data-new-end]") == "4"
    page.select_option("select[name=new_label]", "evidence")
    page.check(f"fieldset[data-set=stance] input[value={A}]")
    page.click("button[value=next]")
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(f"/review/{ids[4]}")
    # No majority on a 1-1 split: settle the second one with the pre-filled values and a reason.
    page.check(f"fieldset[data-set=stance] input[value={N}]")
    page.fill("textarea[name=reason]", "上下文更像中立")
    page.click("button[value=stay]")
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-status=gold]").count() == 1
    with live_server.app.app_context():
        gold = settled_gold(db.session, ids)
    assert gold[ids[1]].labels["stance"] == A
    assert (0, 4, "evidence") in gold[ids[1]].spans
    assert gold[ids[4]].labels["stance"] == N
    page.goto(live_server.path("/review"))
    assert page.locator("tr[data-status=conflict]").count() == 0
    page.goto(live_server.path(f"/review/{ids[1]}?lang=en"))
    screenshot(page, "team-review-passage-en")


def test_agreement_and_dashboard_pages_render_charts(page, live_server):
    _tag_seed(live_server)
    sign_in(page, live_server, "reviewer")
    for lang in ("zh", "en"):
        page.goto(live_server.path(f"/agreement?lang={lang}"))
        assert page.locator("[data-set=stance] [data-figure=alpha]").inner_text() != "—"
        screenshot(page, f"team-agreement-{lang}")
        page.goto(live_server.path(f"/dashboard?lang={lang}"))
        assert page.locator("svg.bars").count() >= 4
        assert page.locator("svg.lines").count() == 1
        screenshot(page, f"team-dashboard-{lang}")


def test_admin_invites_and_deactivates(page, live_server):
    sign_in(page, live_server, "admin")
    page.goto(live_server.path("/admin/users"))
    page.fill("input[name=username]", "newbie")
    page.click("section.card button.primary")
    page.wait_for_load_state("networkidle")
    password = page.locator("code.secret").inner_text()
    assert len(password) == 14
    screenshot(page, "team-admin-users-zh")
    page.locator("tr[data-user=newbie] button", has_text="停用").click()
    page.wait_for_load_state("networkidle")
    assert "inactive" in (page.locator("tr[data-user=newbie]").get_attribute("class") or "")
    page.goto(live_server.path("/admin/settings?lang=en"))
    screenshot(page, "team-admin-settings-en")
    # The tagging pages link to the team pages the role allows.
    page.goto(live_server.path("/articles?lang=zh"))
    for href in ("/review", "/agreement", "/dashboard", "/admin/users", "/admin/settings"):
        assert page.locator(f"header.topbar a[href='{href}']").count() == 1
    screenshot(page, "team-nav-on-articles-zh")

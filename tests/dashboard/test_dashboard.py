"""Dashboard figures (grouped SQL) and the SVG chart geometry."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from flask import Flask

from annotator.dashboard.charts import bar_chart, line_chart
from annotator.extensions import db
from annotator.services.dashboard import (
    article_progress,
    editor_progress,
    label_distribution,
    time_in_tool,
)
from annotator.services.reviewing import Decision, gold_token, settle
from tests.builders.articles import article_with_passages, body_passages
from tests.builders.clients import sign_in
from tests.builders.labels import tag
from tests.builders.team import Team

F, A = "for_open_release", "against_open_release"


def _tagged(team: Team) -> None:
    u, p = team.users, team.passages
    tag(db.session, p[0], u["alice"], stance=F, bias=["data"], spans=[(0, 2, "evidence")])
    tag(db.session, p[0], u["bob"], stance=A, bias=["data", "researchers"])
    tag(db.session, p[1], u["alice"], stance=F)
    tag(db.session, p[1], u["bob"], stance=F)
    tag(db.session, p[2], u["alice"], stance=F)
    tag(db.session, p[3], u["carol"], stance=A)
    settle(
        db.session,
        p[3].id,
        u["rita"],
        Decision(values={"stance": A}, spans=[]),
        gold_token(db.session, p[3].id),
    )
    db.session.commit()


def test_article_progress_counts_complete_started_and_untouched(app: Flask, team: Team):
    _tagged(team)
    other = article_with_passages(db.session, ["无人标注的段落。"], title="空")
    db.session.commit()
    rows = {r.article_id: r for r in article_progress(db.session, needed=2)}
    first = rows[team.article.id]
    # p0, p1 by two editors; p3 settled by a reviewer; p2 started; p4, p5 untouched.
    assert (first.body, first.complete, first.started, first.untouched) == (6, 3, 1, 2)
    empty = rows[other.id]
    assert (empty.body, empty.complete, empty.started, empty.untouched) == (1, 0, 0, 1)
    assert len(body_passages(db.session, other)) == 1


def test_editor_progress_and_label_distribution(app: Flask, team: Team):
    _tagged(team)
    editors = {e.username: e for e in editor_progress(db.session, needed=2)}
    assert editors["alice"].done == 3 and editors["bob"].done == 2 and editors["carol"].done == 1
    # Alice may still take p4 and p5; p3 is settled and p0, p1 are full.
    assert editors["alice"].remaining == 2
    assert editors["carol"].remaining == 3  # p2, p4 and p5: p0 and p1 are full
    assert editors["alice"].seconds >= 60 and editors["alice"].last_active is not None
    assert "ada" not in editors  # admins who never tag are left off
    counts = {name: dict(items) for name, items in label_distribution(db.session).items()}
    assert counts["stance"] == {F: 4, A: 2, "neutral_or_mixed": 0, "not_about_release": 0}
    assert counts["bias_attribution"]["data"] == 2
    assert counts["spans"] == {"evidence": 1, "holder": 0}


def test_time_in_tool_counts_short_gaps_and_a_minute_per_sitting():
    t0 = datetime(2025, 1, 1, 9, tzinfo=UTC)
    moments = [
        t0,
        t0 + timedelta(minutes=2),
        t0 + timedelta(minutes=3),
        t0 + timedelta(hours=2),
        t0 + timedelta(hours=2, minutes=4),
    ]
    # Two sittings (1 min each) + 2 + 1 + 4 minutes of gaps under five minutes.
    assert time_in_tool(moments) == 9 * 60
    assert time_in_tool([]) == 0


def test_bar_chart_scales_stacks_to_the_longest_row():
    chart = bar_chart(
        [("甲", (3, 1)), ("乙", (1, 0))], ["done", "left"], width=400, label_width=100
    )
    plot = 400 - 100 - 60
    first, second = chart.rows
    assert first.segments[0].width == plot * 3 / 4
    assert first.segments[1].x == 100 + plot * 3 / 4
    assert second.segments[0].width == plot / 4 and second.total == 1
    assert chart.series == [
        ("done", chart.rows[0].segments[0].color),
        ("left", chart.rows[0].segments[1].color),
    ]
    assert bar_chart([], ["x"]).rows == []


def test_line_chart_maps_values_and_leaves_gaps():
    chart = line_chart(
        ["d1", "d2", "d3"], [("α", [1.0, None, 0.0])], y_min=0.0, y_max=1.0, width=200, height=100
    )
    (line,) = chart.lines
    assert [p.label for p in line.points] == ["d1", "d3"]
    top, bottom = line.points
    assert top.y == chart.top and bottom.y == chart.top + chart.plot_height
    assert bottom.x > top.x
    low = line_chart(["d"], [("α", [-0.5])])
    assert low.lines[0].points[0].y == low.top + low.plot_height  # the axis extends down


def test_dashboard_page_renders_svg_charts_in_both_languages(app: Flask, team: Team):
    _tagged(team)
    client = app.test_client()
    sign_in(client, "rita")
    en = client.get("/dashboard?lang=en").get_data(as_text=True)
    assert en.count("<svg") >= 5
    assert re.search(r'data-figure="conflicts"><strong>1</strong>', en)  # p0 only
    assert "Progress per article" in en
    zh = client.get("/dashboard?lang=zh").get_data(as_text=True)
    assert "各篇进度" in zh
    assert 'data-editor="alice"' in zh

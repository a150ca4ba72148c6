"""The roll-up macros: a stacked bar per article and the summary above an article."""

from __future__ import annotations

import re

from flask import render_template_string

from annotator.codebook.rollup_view import article_rollup_context, rollup_context
from annotator.extensions import db
from annotator.services.visibility import Viewer
from tests.services.test_rollup import _scenario

BAR = (
    '{% from "rollup/_macros.html" import stance_bar %}{{ stance_bar(rollups[id], rollup_titles) }}'
)
# A reviewer's view: the visibility rule hides nothing.
EVERYTHING = Viewer(user_id=1, username="reviewer", staff=True, blind=False)
SUMMARY = (
    '{% from "rollup/_macros.html" import rollup_summary %}'
    "{{ rollup_summary(rollup, rollup_titles, article_sets, my_article_labels) }}"
)


def test_the_bar_has_one_segment_per_nonzero_count(app):
    article, _ = _scenario()
    with app.test_request_context("/?lang=en"):
        context = rollup_context(db.session, [article.id], EVERYTHING)
        html = render_template_string(BAR, id=article.id, **context)
    segments = re.findall(r'data-segment="(\w+)" data-count="(\d+)"', html)
    assert segments == [
        ("for_open_release", "2"),
        ("against_open_release", "1"),
        ("not_about_release", "1"),
        ("conflict", "1"),
        ("untagged", "1"),
    ]
    widths = [float(w) for w in re.findall(r'<rect[^>]* width="([\d.]+)%"', html)]
    assert abs(sum(widths) - 100) < 0.01
    assert 'aria-label="For open release 2, Against open release 1' in html


def test_the_summary_shows_holders_attributions_and_the_article_stance(app):
    article, _ = _scenario()
    with app.test_request_context("/"):
        context = article_rollup_context(db.session, article.id, EVERYTHING)
        html = render_template_string(SUMMARY, **context)
    assert re.search(r'data-holder="LeCun" data-stance="for_open_release"', html)
    assert re.search(r'data-holder="OpenAI" data-stance="against_open_release"', html)
    assert 'data-attribution="data"' in html and 'data-attribution="researchers"' not in html
    consensus = html[html.index('data-role="article-consensus"') :]
    assert "中立或兼有" in consensus.split("</p>")[0]
    assert html.count("data-article-label=") == 4
    assert f'"article_id": {article.id}' in html

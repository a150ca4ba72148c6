"""The dataset card: data and codebook text can neither run script nor break a table."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

from markdown_it import MarkdownIt

from annotator.services.exporting import CardStats, ExportOptions, render_card

EVIL = '<script>alert(1)</script> | [x](javascript:alert(2)) <img src=x onerror="alert(3)">'


def _card() -> str:
    stats = CardStats(passages=1, sources=Counter({EVIL: 1}))
    stats.annotators = {"bad|name`x": Counter(passages=1)}
    label_set = {
        "name": "stance",
        "kind": "single",
        "scope": "passage",
        "title_en": "Stance " + EVIL,
        "title_zh": "立场",
        "definition": "A definition.\n\n" + EVIL,
        "rules": ["A rule " + EVIL],
        "labels": [
            {"name": "pro", "title_en": "Pro", "title_zh": "支持", "definition": EVIL},
        ],
    }
    return render_card(
        stats,
        {"label_sets": [label_set]},
        ExportOptions(),
        command="annotator export",
        generated_at=datetime(2024, 6, 1, tzinfo=UTC),
        codebook_version=1,
        agreement=None,
    )


def test_the_rendered_card_has_no_script_no_unsafe_link_and_whole_tables() -> None:
    page = MarkdownIt("commonmark", {"html": True}).enable("table").render(_card())
    lowered = page.lower()
    assert "<script" not in lowered
    assert "<img" not in lowered
    assert 'href="javascript:' not in lowered
    assert "alert(1)" in page  # shown as text, not dropped
    for table in page.split("<table>")[1:]:
        header = table.split("</thead>")[0].count("<th>")
        for row in table.split("<tbody>")[1].split("</tbody>")[0].split("<tr>")[1:]:
            assert row.count("<td>") == header, row


def test_the_cells_keep_their_text() -> None:
    card = _card()
    assert "&lt;script&gt;alert\\(1\\)&lt;/script&gt; \\|" in card
    assert "`bad\\|name'x`" in card

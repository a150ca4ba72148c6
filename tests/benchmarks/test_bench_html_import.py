"""bench_html_import runs end to end on a tiny corpus; its timings are never asserted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.bench_html_import import main, page_for

pytestmark = pytest.mark.slow


def test_the_benchmark_prints_both_ratios_beside_the_limit(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    main(["--articles", "2", "--work", str(tmp_path)])
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("prepare") and "limit 2×" in lines[0]
    assert lines[1].startswith("import") and "limit 2×" in lines[1]
    result = json.loads(lines[-1])
    for step in ("prepare", "import"):
        assert result[step]["ratio"] > 0
    # The pages hold the same articles: furniture adds passages, never loses any.
    assert result["prepare"]["html"]["passages"] > result["prepare"]["txt"]["passages"]


def test_the_page_holds_every_line_of_the_article() -> None:
    page = page_for("标题\n\n第一段 <b>不是标签</b>\n第二段", 3)
    assert "<h1>标题</h1>" in page and "<p>第一段 &lt;b&gt;不是标签&lt;/b&gt;</p>" in page
    assert "<p>第二段</p>" in page

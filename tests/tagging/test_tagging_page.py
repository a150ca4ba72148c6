"""The article page's view model."""

from __future__ import annotations

from types import SimpleNamespace

from annotator.tagging.page import blocks


def test_runs_of_page_furniture_fold_into_one_block():
    kinds = ["body", "boilerplate", "boilerplate", "body", "boilerplate", "body", "body"]
    passages = [SimpleNamespace(index=i, kind=k) for i, k in enumerate(kinds)]
    result = [(b.kind, [p.index for p in b.passages]) for b in blocks(passages)]
    assert result == [
        ("body", [0]),
        ("boilerplate", [1, 2]),
        ("body", [3]),
        ("boilerplate", [4]),
        ("body", [5]),
        ("body", [6]),
    ]
    assert blocks([]) == []

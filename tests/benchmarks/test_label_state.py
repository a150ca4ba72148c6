"""The benchmarks' bulk labelling is followed by a state refresh the pages can read."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator import create_app
from annotator.extensions import db
from annotator.services.passage_state import state_drift
from annotator.services.reviewing.listing import review_list
from benchmarks.corpus_db import create_editors, import_folder, label_new_passages
from benchmarks.label_state import refresh_label_state
from benchmarks.make_corpus import make_corpus
from tests.conftest import base_config

pytestmark = pytest.mark.slow


def _review_totals(url: str, tmp_path: Path) -> tuple[int, int, int]:
    """(review list, review list of all, drifted passages) as the app reads them."""
    app = create_app(base_config(tmp_path, url))
    with app.app_context():
        found = (
            review_list(db.session).total,
            review_list(db.session, show="all").total,
            len(state_drift(db.session)),
        )
        db.session.remove()
        db.engine.dispose()
    return found


def test_bulk_labels_reach_the_review_list_only_after_the_refresh(
    database_url: str, tmp_path: Path
) -> None:
    make_corpus(tmp_path / "corpus", articles=3, seed=7)
    instance = tmp_path / "instance"
    import_folder(database_url, instance, tmp_path / "corpus" / "txt")
    create_editors(database_url, instance)
    label_new_passages(database_url, 0)
    listed, listed_all, drifted = _review_totals(database_url, tmp_path)
    # The bulk inserts bypass the writer: the pages would measure an empty state.
    assert (listed, listed_all) == (0, 0) and drifted > 0

    state = refresh_label_state(database_url)

    listed, listed_all, drifted = _review_totals(database_url, tmp_path)
    assert drifted == 0
    assert 0 < listed <= listed_all == state["double_annotated"]
    assert (state["review_list"], state["review_list_all"]) == (listed, listed_all)
    assert state["passages"] == sum(state["statuses"].values())
    assert state["statuses"]["conflict"] == listed  # the bench's second editor always differs
    assert state["statuses"]["single"] > 0

    # A later round labels only the new passages and refreshes only them.
    assert refresh_label_state(database_url, after=10**9)["passages"] == 0

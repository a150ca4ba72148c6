"""A small storm and a kill -9 against gunicorn, on both databases (the scripts run bigger ones)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from annotator.config import normalise_database_url
from scripts.reliability.clients import Ack, ArticleAck
from scripts.reliability.crash import crash_on
from scripts.reliability.crash import passed as crash_passed
from scripts.reliability.databases import Target
from scripts.reliability.invariants import state_drift, two_values_in_single_choice
from scripts.reliability.reviewers import GoldAck
from scripts.reliability.storm import passed, storm_on
from scripts.reliability.traffic import StormPlan
from scripts.reliability.verify import load_article_history, load_history, verify, verify_articles
from scripts.reliability.verify_gold import load_gold, verify_gold

pytestmark = pytest.mark.slow

# One shared passage: the two tabs of each editor, and the two reviewers, are sure to
# collide. Bounded by requests, not seconds, so a loaded machine does the same work slower.
SMALL = StormPlan(clients=8, reviewers=2, seconds=60, max_requests_per_client=12, shared_passages=1)


def _execute(url: str, statement: str) -> None:
    engine = create_engine(normalise_database_url(url))
    try:
        with engine.begin() as conn:
            conn.execute(text(statement))
    finally:
        engine.dispose()


def test_concurrent_saves_are_all_stored_once_and_conflicts_are_409s(
    target: Target, tmp_path: Path
) -> None:
    result = storm_on(target, SMALL, workers=2, threads=2, folder=tmp_path)
    assert result["saves_acknowledged"] > 20, result
    assert result["saves_found_once"] == result["saves_acknowledged"], result
    assert result["article_saves_found_once"] == result["article_saves_acknowledged"] > 0, result
    acknowledged = result["gold_settles_acknowledged"] + result["gold_reopens_acknowledged"]
    assert result["gold_found_once"] == acknowledged > 0, result
    # Each kind opens with colliding writes from one version (two tabs of an editor, the
    # two reviewers on one page): one wins, the others must get 409.
    assert result["conflicts_409"] > 0, result
    assert result["article_conflicts_409"] > 0, result
    assert result["gold_conflicts_409"] > 0, result
    assert passed(result), result

    # The checks themselves can fail: a save the server never made is reported lost, a
    # stored save whose content differs from what the client was told is an overwrite, two
    # 302s for one version are a duplicate, and a broken rule in the rows is found.
    assert verify(target.url, []).unacknowledged_but_stored == result["saves_acknowledged"]
    assert len(verify(target.url, [Ack("editor01", 1, "stance", 999, ["x"])]).lost) == 1
    events, _rows, _integrity = load_history(target.url)
    (user, passage, label_set), history = next(iter(events.items()))
    assert history[0]["after"]["version"] == 1
    told = Ack(user, passage, label_set, 1, "something else")
    assert len(verify(target.url, [told]).overwritten) == 1

    article_events, _rows = load_article_history(target.url)
    (user, article, label_set), _history = next(iter(article_events.items()))
    assert len(verify_articles(target.url, [ArticleAck(user, article, label_set, 999, [])]).lost)
    told_article = ArticleAck(user, article, label_set, 1, ["not", "this"])
    assert len(verify_articles(target.url, [told_article]).overwritten) == 1

    gold_events, _stored = load_gold(target.url)
    passage, history = next(iter(gold_events.items()))
    first = history[0]
    settled = GoldAck(first["who"], passage, first["action"], 1, {"reason": "other"})
    assert len(verify_gold(target.url, [settled]).overwritten) == 1
    twice = [settled, GoldAck("reviewer02", passage, "gold.settle", 1, {})]
    assert verify_gold(target.url, twice).duplicated
    assert len(verify_gold(target.url, [GoldAck("x", passage, "gold.reopen", 999, {})]).lost) == 1

    assert not two_values_in_single_choice(target.url) and not state_drift(target)
    _execute(
        target.url, f"UPDATE passage_states SET editors = editors + 5 WHERE passage_id = {passage}"
    )
    assert len(state_drift(target)) == 1
    _execute(
        target.url,
        "INSERT INTO gold_values (gold_id, label_id) SELECT g.id, l.id FROM gold_annotations g "
        "JOIN label_sets s ON s.id = g.label_set_id JOIN labels l ON l.label_set_id = s.id "
        "WHERE s.name = 'stance' AND NOT EXISTS (SELECT 1 FROM gold_values v "
        f"WHERE v.gold_id = g.id AND v.label_id = l.id) AND g.passage_id = {passage}",
    )
    assert len(two_values_in_single_choice(target.url)) == 1
    assert verify_gold(target.url, []).broken_chains  # the rows no longer say what the log says


def test_kill_9_mid_storm_loses_no_acknowledged_write(target: Target, tmp_path: Path) -> None:
    plan = StormPlan(
        clients=8, reviewers=2, seconds=4.0, max_requests_per_client=300, shared_passages=1
    )
    result = crash_on(target, plan, kills=1, workers=2, threads=2, folder=tmp_path)
    assert result["saves_acknowledged"] > 10, result
    assert result["article_saves_acknowledged"] > 0, result
    assert result["gold_settles_acknowledged"] > 0, result
    assert result["unanswered_at_kills"] > 0, result  # the kill really cut requests off
    assert crash_passed(result), result

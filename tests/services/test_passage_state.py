"""The maintained passage state always equals a recomputation from the raw labels."""

from __future__ import annotations

import json

import pytest
from click.testing import Result
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select, update

from annotator.extensions import db
from annotator.models import (
    Annotation,
    GoldAnnotation,
    PassageResolvedLabel,
    PassageSetState,
    PassageState,
)
from annotator.services.annotating import (
    SpanInput,
    find_label_set,
    load_vocabulary,
    save_choice,
    save_spans,
)
from annotator.services.exporting import ExportOptions, export_lines
from annotator.services.passage_state import state_drift
from annotator.services.reviewing import Decision, ReviewError, gold_token, reopen, settle
from tests.builders.team import Team

STANCES = ["for_open_release", "against_open_release", "neutral_or_mixed", None]
BIASES = ["data", "model_or_method", "researchers"]
EDITORS = ["alice", "bob", "carol"]

editor_write = st.tuples(
    st.just("label"),
    st.sampled_from(EDITORS),
    st.integers(0, 2),  # passage
    st.sampled_from(STANCES),
    st.frozensets(st.sampled_from(BIASES), max_size=2),
    st.frozensets(
        st.sampled_from([(0, 2, "holder"), (3, 6, "evidence"), (4, 6, "holder")]), max_size=3
    ),
    st.sampled_from(STANCES),  # the holders' own stance (None: the passage's)
    st.booleans(),  # link the evidence to the first holder
)
review = st.tuples(
    st.sampled_from(["settle", "reopen"]), st.integers(0, 2), st.sampled_from(STANCES[:3])
)


def _version(passage_id: int, user_id: int, set_id: int) -> int | None:
    return db.session.scalar(
        select(Annotation.version).where(
            Annotation.passage_id == passage_id,
            Annotation.user_id == user_id,
            Annotation.label_set_id == set_id,
        )
    )


def _apply(team: Team, step: tuple) -> None:  # type: ignore[type-arg]
    vocabulary = load_vocabulary(db.session)
    if step[0] == "label":
        _, name, index, stance, bias, spans, holder_stance, linked = step
        user, passage = team.users[name], team.passages[index]
        for set_name, values in (("stance", [stance] if stance else []), ("bias", bias)):
            label_set = find_label_set(
                vocabulary, "bias_attribution" if set_name == "bias" else set_name
            )
            version = _version(passage.id, user.id, label_set.id)
            save_choice(db.session, passage, user.id, label_set, sorted(values), version)
        span_set = find_label_set(vocabulary, "spans")
        holders = [(a, b) for a, b, label in sorted(spans) if label == "holder"]
        inputs = [
            SpanInput(
                a,
                b,
                label,
                holder_stance if label == "holder" else None,
                holders[0] if label == "evidence" and linked and holders else None,
            )
            for a, b, label in sorted(spans)
        ]
        save_spans(
            db.session,
            passage,
            user.id,
            span_set,
            inputs,
            _version(passage.id, user.id, span_set.id),
            vocabulary.sets["stance"],
        )
    else:
        kind, index, stance = step
        passage, rita = team.passages[index], team.users["rita"]
        token = gold_token(db.session, passage.id)
        try:
            if kind == "settle":
                decision = Decision({"stance": stance}, [], reason="抽查")
                settle(db.session, passage.id, rita, decision, token)
            else:
                reopen(db.session, passage.id, rita, "再议", token)
        except ReviewError:
            db.session.rollback()  # nothing to reopen, or already reopened: refused whole
            return
    db.session.commit()


def _clear() -> None:
    for table in (PassageResolvedLabel, PassageSetState, PassageState, GoldAnnotation, Annotation):
        db.session.execute(delete(table))
    db.session.commit()


@settings(max_examples=12, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.one_of(editor_write, editor_write, review), min_size=1, max_size=10))
def test_random_writes_keep_the_state_equal_to_a_recomputation(app: Flask, team: Team, steps):
    _clear()
    for step in steps:
        _apply(team, step)
    assert state_drift(db.session) == []
    # And it is what the export resolves each passage to.
    lines = [json.loads(x) for x in "".join(export_lines(db.session, ExportOptions())).splitlines()]
    stored = dict(db.session.execute(select(PassageState.passage_id, PassageState.status)).all())
    by_uid = {p.uid: p.id for p in team.passages}
    for line in lines:
        assert stored.get(by_uid[line["id"]], "unlabeled") == line["status"]


def test_check_command_reports_and_repairs_drift(app: Flask, team: Team):
    from tests.builders.labels import tag

    tag(db.session, team.passages[0], team.users["alice"], "for_open_release")
    tag(db.session, team.passages[0], team.users["bob"], "against_open_release")
    db.session.commit()
    runner = app.test_cli_runner()
    clean: Result = runner.invoke(args=["check"])
    assert clean.exit_code == 0 and "consistent" in clean.output
    # Damage the state behind the writer's back, as a hand-written SQL fix would.
    db.session.execute(update(PassageState).values(status="agreed"))
    db.session.commit()
    found = runner.invoke(args=["check"])
    assert found.exit_code == 1
    assert f"passage {team.passages[0].id}: stored agreed, recomputed conflict" in found.output
    repaired = runner.invoke(args=["check", "--repair"])
    assert repaired.exit_code == 0 and "repaired" in repaired.output
    assert state_drift(db.session) == []


@pytest.mark.parametrize("stance", ["for_open_release"])
def test_a_full_refresh_rebuilds_lost_state_as_the_migration_backfills(
    app: Flask, team: Team, stance: str
):
    from annotator.services.passage_state import refresh_all_passage_states
    from tests.builders.labels import tag

    tag(db.session, team.passages[1], team.users["alice"], stance)
    db.session.commit()
    for table in (PassageResolvedLabel, PassageSetState, PassageState):
        db.session.execute(delete(table))
    assert len(state_drift(db.session)) == 1
    assert refresh_all_passage_states(db.session) == 1  # what migration 0006 runs
    assert state_drift(db.session) == []

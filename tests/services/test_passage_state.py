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
from annotator.models import PassageResolvedLabel, PassageSetState, PassageState
from annotator.services.exporting import ExportOptions, export_lines
from annotator.services.passage_state import state_drift
from tests.builders.label_writes import EDITOR_WRITE, REVIEW, apply_write, clear_labels
from tests.builders.team import Team


@settings(max_examples=12, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.one_of(EDITOR_WRITE, EDITOR_WRITE, REVIEW), min_size=1, max_size=10))
def test_random_writes_keep_the_state_equal_to_a_recomputation(app: Flask, team: Team, steps):
    clear_labels()
    for step in steps:
        apply_write(team, step)
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

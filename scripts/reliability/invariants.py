"""Rules the stored labels must obey whatever the history: one value per single-choice set,
and a maintained passage state equal to a recomputation (`annotator check`)."""

from __future__ import annotations

import json
import subprocess
import sys

from sqlalchemy import create_engine, text

from annotator.config import normalise_database_url
from scripts.reliability.databases import Target

# (table of values, its column naming the annotation, table of annotations)
VALUE_TABLES = [
    ("annotation_values", "annotation_id", "annotations"),
    ("article_annotation_values", "article_annotation_id", "article_annotations"),
    ("gold_values", "gold_id", "gold_annotations"),
]


def two_values_in_single_choice(url: str) -> list[str]:
    """Every annotation, article annotation or gold row of a single-choice set with > 1 value."""
    engine = create_engine(normalise_database_url(url))
    found = []
    try:
        with engine.connect() as conn:
            for values, column, owners in VALUE_TABLES:
                query = (
                    f"SELECT o.id, s.name, COUNT(*) FROM {values} v "  # noqa: S608 - fixed names
                    f"JOIN {owners} o ON o.id = v.{column} "
                    "JOIN label_sets s ON s.id = o.label_set_id "
                    "WHERE s.kind = 'single' GROUP BY o.id, s.name HAVING COUNT(*) > 1"
                )
                for row_id, set_name, count in conn.execute(text(query)):
                    found.append(f"{owners} {row_id} ({set_name}): {count} values")
    finally:
        engine.dispose()
    return found


def state_drift(target: Target) -> list[str]:
    """Passages whose maintained state differs from their raw rows, by `annotator check`."""
    command = [sys.executable, "-m", "annotator", "check", "--json"]
    done = subprocess.run(  # noqa: S603 - our own CLI, fixed arguments
        command, env=target.env(), capture_output=True, text=True, timeout=600, check=False
    )
    output = done.stdout[done.stdout.find("{") :]
    try:
        drifted = json.loads(output)["drifted"]
    except (ValueError, KeyError):
        return [f"`annotator check` exited {done.returncode}: {done.stderr[-300:]}"]
    if done.returncode != (1 if drifted else 0):
        return [f"`annotator check` exited {done.returncode} with {len(drifted)} drifted"]
    return [
        f"passage {d['passage_id']}: {d['stored']} stored, {d['computed']} recomputed"
        for d in drifted
    ]

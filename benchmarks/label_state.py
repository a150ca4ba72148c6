"""Bring the maintained passage label state up to date after the benchmarks' bulk labelling.

`corpus_db.label_new_passages` writes labels with bulk SQL, past the label writer that keeps
passage_states, passage_set_states and passage_resolved_labels current. Without this step
the review list and search's status and resolved-label filters would read an empty state.
The refresh runs in a fresh process through the app with the code the 0006 migration
backfills with, so its time is what that backfill costs on this corpus. PostgreSQL runs
VACUUM ANALYZE around it: the benchmark server has autovacuum off, and after a bulk load the
planner would otherwise guess and no index-only scan could skip the table. In production
autovacuum does both after a bulk insert (PostgreSQL 13 and later vacuum on inserts too), so
this is the state a team's server is in minutes after an import.
"""

from __future__ import annotations

import argparse
import sys
import time

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from annotator import create_app
from annotator.extensions import db
from annotator.models import PassageState
from annotator.services.passage_state import (
    CHUNK,
    labelled_passage_ids,
    refresh_all_passage_states,
    refresh_passage_states,
)
from annotator.services.reviewing.listing import review_list
from benchmarks.measure import emit, run_step


def refresh_label_state(url: str, after: int = 0) -> dict[str, object]:
    """Refresh the state of labelled passages with id > after, in a child process, timed."""
    return run_step("benchmarks.label_state", "--url", url, "--after", str(after))


def _analyze(session: Session) -> float:
    """VACUUM ANALYZE on PostgreSQL (seconds taken), as autovacuum would after a bulk load;
    SQLite's planner keeps no statistics here."""
    bind = session.get_bind()
    if bind.dialect.name != "postgresql":
        return 0.0
    session.commit()
    started = time.perf_counter()
    with bind.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE"))  # VACUUM cannot run inside a transaction
    return time.perf_counter() - started


def _refresh(session: Session, after: int) -> int:
    if after == 0:
        return refresh_all_passage_states(session)  # the migration's backfill, as it runs
    ids = [pid for pid in labelled_passage_ids(session) if pid > after]
    for start in range(0, len(ids), CHUNK):
        refresh_passage_states(session, ids[start : start + CHUNK])
    return len(ids)


def main(argv: list[str] | None = None) -> None:
    """python -m benchmarks.label_state --url URL [--after ID]: prints one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", required=True)
    parser.add_argument("--after", type=int, default=0, help="only passages with a larger id")
    args = parser.parse_args(argv)
    app = create_app({"DATABASE_URL": args.url, "SECRET_KEY": "bench-label-state"})
    with app.app_context():
        session = db.session
        analyze_before = _analyze(session)
        wall, cpu = time.perf_counter(), time.process_time()
        passages = _refresh(session, args.after)
        session.commit()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        analyze_after = _analyze(session)
        statuses = dict(
            session.execute(
                select(PassageState.status, func.count()).group_by(PassageState.status)
            ).all()
        )
        double = session.scalar(
            select(func.count()).select_from(PassageState).where(PassageState.editors >= 2)
        )
        emit(
            {
                "passages": passages,
                "s": round(wall, 3),
                "cpu_s": round(cpu, 3),
                "analyze_s": round(analyze_before + analyze_after, 3),
                "statuses": statuses,
                "double_annotated": double,
                "review_list": review_list(session).total,
                "review_list_all": review_list(session, show="all").total,
            }
        )
    print(f"label state: {passages} passages in {wall:.2f} s", file=sys.stderr)


if __name__ == "__main__":
    main()

"""Set a benchmark database up: import the corpus, label 10 % of passages, grow it by copies."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, create_engine, text
from sqlalchemy.engine import Connection

from annotator.config import normalise_database_url
from annotator.models.base import UTCDateTime, utcnow
from benchmarks.measure import run_measured

ANNOTATOR = [sys.executable, "-m", "annotator"]
EDITORS = ("bench_editor", "bench_editor2")
PASSWORD = "correct-horse-battery"  # the benchmark's throw-away logins, as in the test harness
# Offset added to an article id to name its k-th copy: far above any real id.
COPY_STRIDE = 10_000_000


def app_env(url: str, instance: Path) -> dict[str, str]:
    """Environment for `annotator` commands against the benchmark database."""
    return {"DATABASE_URL": url, "ANNOTATOR_INSTANCE": str(instance), "SECRET_KEY": "bench"}


def import_folder(url: str, instance: Path, folder: Path) -> None:
    """`annotator init` then `annotator import FOLDER`, failing loudly."""
    for args in (["init"], ["import", str(folder)]):
        done = run_measured([*ANNOTATOR, *args], env=app_env(url, instance))
        if done.returncode != 0:
            raise RuntimeError(f"annotator {args[0]} failed: {done.stdout[-2000:]}")


def create_editors(url: str, instance: Path) -> None:
    """Two editors whose labels the benchmark writes (and who sign in to bench_serve)."""
    for name in EDITORS:
        done = run_measured(
            [*ANNOTATOR, "create-user", name, "--role", "editor", "--password-stdin"],
            env=app_env(url, instance),
            stdin=PASSWORD + "\n",
        )
        if done.returncode != 0 and "exists" not in done.stdout + done.stderr:
            raise RuntimeError(f"create-user {name} failed: {done.stderr[-2000:]}")


def _ids(conn: Connection, sql: str, **params: Any) -> dict[str, int]:
    statement = text(sql)
    if "names" in params:
        statement = statement.bindparams(bindparam("names", expanding=True))
    return {name: id_ for name, id_ in conn.execute(statement, params)}


def label_new_passages(url: str, after: int) -> int:
    """Label passages with id > after: every 10th gets a stance, some more sets; returns max id."""
    engine = create_engine(normalise_database_url(url))
    now = bindparam("now", type_=UTCDateTime())
    with engine.begin() as conn:
        users = _ids(
            conn, "SELECT username, id FROM users WHERE username IN :names", names=list(EDITORS)
        )
        sets = _ids(conn, "SELECT name, id FROM label_sets")
        labels = {
            (set_name, label): label_id
            for set_name, label, label_id in conn.execute(
                text(
                    "SELECT s.name, l.name, l.id FROM labels l JOIN label_sets s"
                    " ON l.label_set_id = s.id"
                )
            )
        }
        # (label set, editor, every n-th passage id): 10 % stance, half of them twice.
        plan = [
            ("stance", EDITORS[0], 10),
            ("stance", EDITORS[1], 20),
            ("bias_attribution", EDITORS[0], 30),
            ("spans", EDITORS[0], 40),
        ]
        for set_name, editor, every in plan:
            conn.execute(
                text(
                    "INSERT INTO annotations (passage_id, user_id, label_set_id, version,"
                    " codebook_version, created_at, updated_at)"
                    " SELECT id, :user, :set, 1, NULL, :now, :now FROM passages"
                    " WHERE id > :after AND id % :every = 0"
                ).bindparams(now),
                {
                    "user": users[editor],
                    "set": sets[set_name],
                    "after": after,
                    "every": every,
                    "now": utcnow(),
                },
            )
        _label_values(conn, sets, labels, after)
        top = conn.scalar(text("SELECT max(id) FROM passages")) or 0
    engine.dispose()
    return int(top)


def _label_values(
    conn: Connection, sets: dict[str, int], labels: dict[tuple[str, str], int], after: int
) -> None:
    stance = ["for_open_release", "against_open_release", "neutral_or_mixed", "not_about_release"]
    cases = " ".join(f"WHEN {i} THEN {labels[('stance', name)]}" for i, name in enumerate(stance))
    scope = "FROM annotations a WHERE a.passage_id > :after AND a.label_set_id = :set"
    conn.execute(
        text(
            f"INSERT INTO annotation_values (annotation_id, label_id) SELECT a.id,"
            f" CASE (a.passage_id / 10 + a.user_id) % 4 {cases} END {scope}"
        ),
        {"after": after, "set": sets["stance"]},
    )
    for label in ("data", "researchers"):
        conn.execute(
            text(
                f"INSERT INTO annotation_values (annotation_id, label_id) SELECT a.id, :label"
                f" {scope}"
            ),
            {
                "after": after,
                "set": sets["bias_attribution"],
                "label": labels[("bias_attribution", label)],
            },
        )
    conn.execute(
        text(
            'INSERT INTO spans (annotation_id, label_id, start, "end") SELECT a.id, :label, 0,'
            ' CASE WHEN p."end" - p.start < 4 THEN p."end" - p.start ELSE 4 END'
            " FROM annotations a JOIN passages p ON p.id = a.passage_id"
            " WHERE a.passage_id > :after AND a.label_set_id = :set"
        ),
        {"after": after, "set": sets["spans"], "label": labels[("spans", "evidence")]},
    )


def copy_corpus(url: str, copy: int, articles: int) -> None:
    """Add the `copy`-th copy of the first `articles` articles and their passages (no labels)."""
    engine = create_engine(normalise_database_url(url))
    offset = copy * COPY_STRIDE
    if engine.dialect.name == "sqlite":
        new_hash = "printf('%064d', a.id + :offset)"
    else:
        new_hash = "lpad((a.id + :offset)::text, 64, '0')"
    columns = (
        "title, source, published, published_precision, url, meta, text, filename,"
        " encoding, segmenter_version, created_at"
    )
    with engine.begin() as conn:
        conn.execute(
            text(
                f"INSERT INTO articles (content_hash, {columns}) SELECT {new_hash}, {columns}"
                " FROM articles a WHERE a.id <= :articles ORDER BY a.id"
            ),
            {"offset": offset, "articles": articles},
        )
        conn.execute(
            text(
                'INSERT INTO passages (uid, article_id, "index", start, "end", kind, kind_reason,'
                " duplicate_of, text, search_text)"
                ' SELECT p.uid || :suffix, n.id, p."index", p.start, p."end", p.kind,'
                " p.kind_reason, p.duplicate_of, p.text, p.search_text"
                f" FROM passages p JOIN articles a ON a.id = p.article_id"
                f" JOIN articles n ON n.content_hash = {new_hash}"
                " WHERE a.id <= :articles"
            ),
            {"offset": offset, "articles": articles, "suffix": f"-copy{copy}"},
        )
    engine.dispose()

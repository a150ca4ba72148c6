"""Generated requests against every operation of /api/openapi.json: never a 5xx, every refusal
has a message, and a refused request writes nothing.

    python -m scripts.reliability.fuzz --db sqlite --db postgresql --examples 200

The in-suite test (tests/security/test_fuzz_api.py) runs the same harness with few examples.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import func, select

MODES = ("positive", "negative")


@dataclass
class FuzzReport:
    """What the generated requests got back, per operation and generation mode."""

    cases: int = 0
    statuses: dict[str, Counter[int]] = field(default_factory=dict)
    server_errors: list[str] = field(default_factory=list)
    refusals_without_message: list[str] = field(default_factory=list)
    writes_on_refusal: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.server_errors or self.refusals_without_message or self.writes_on_refusal)

    def as_dict(self) -> dict[str, Any]:
        return {
            "cases": self.cases,
            "operations": len({key.split(" [")[0] for key in self.statuses}),
            "statuses": {k: dict(sorted(v.items())) for k, v in sorted(self.statuses.items())},
            "server_errors": len(self.server_errors),
            "refusals_without_message": len(self.refusals_without_message),
            "writes_on_refusal": len(self.writes_on_refusal),
            "examples": (
                self.server_errors + self.refusals_without_message + self.writes_on_refusal
            )[:5],
        }


def fingerprint(session: Any) -> tuple[object, ...]:
    """Row counts of every table and the sum of every version column, in one query."""
    from annotator.extensions import db

    parts = []
    for table in db.metadata.sorted_tables:
        parts.append(select(func.count()).select_from(table).scalar_subquery())
        if "version" in table.columns:
            total = func.coalesce(func.sum(table.c.version), 0)
            parts.append(select(total).scalar_subquery())
    session.rollback()
    row = session.execute(select(*parts)).one()
    session.rollback()
    return tuple(row)


def fuzz_api(
    app: Flask,
    headers: dict[str, str],
    max_examples: int,
    real_ids: dict[str, list[int]],
    modes: tuple[str, ...] = MODES,
    on_case: Callable[[], None] | None = None,
) -> FuzzReport:
    """Run generated cases for every documented operation (inside an app context)."""
    import schemathesis
    from hypothesis import HealthCheck, given, settings
    from schemathesis import GenerationMode

    from annotator.api.openapi import openapi_document
    from annotator.extensions import db

    schema = schemathesis.openapi.from_dict(json.loads(json.dumps(openapi_document())))
    report = FuzzReport()
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in modes:
            key = f"{operation.method.upper()} {operation.path} [{mode}]"
            statuses: Counter[int] = Counter()
            report.statuses[key] = statuses

            @given(case=operation.as_strategy(generation_mode=GenerationMode(mode)))
            @settings(
                max_examples=max_examples,
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
                derandomize=True,
            )
            def run(case: Any) -> None:
                # run() is called right below, within this iteration: the loop variables
                # it reads are the ones it was made for.
                for name, ids in real_ids.items():
                    value = (case.path_parameters or {}).get(name)
                    if isinstance(value, int) and ids:  # often a real row, so rules are reached
                        case.path_parameters[name] = ids[value % len(ids)] if value % 3 else value
                before = fingerprint(db.session)
                response = case.call(app=app, headers=headers)
                db.session.rollback()
                status = response.status_code
                statuses[status] += 1  # noqa: B023
                report.cases += 1
                where = f"{key} -> {status}: {case.as_curl_command()[:300]}"  # noqa: B023
                if status >= 500:
                    report.server_errors.append(
                        where + " " + response.content[:200].decode(errors="replace")
                    )
                    return
                if status >= 400:
                    try:
                        body = json.loads(response.content)
                    except ValueError:
                        body = None
                    if not (
                        isinstance(body, dict)
                        and isinstance(body.get("error"), str)
                        and body["error"]
                    ):
                        report.refusals_without_message.append(where)
                    if fingerprint(db.session) != before:
                        report.writes_on_refusal.append(where)
                if on_case:
                    on_case()

            run()
    return report


def _fuzz_database(kind: str, folder: Path, examples: int) -> dict[str, Any]:
    from sqlalchemy import select

    from annotator import create_app
    from annotator.extensions import db
    from annotator.models import Article, ArticleEditor, Passage, User
    from annotator.services.tokens import create_token
    from scripts.reliability.databases import SECRET_KEY, fresh_database, prepare

    with fresh_database(kind, folder) as target:
        prepare(target, editors=2, articles=2)
        app = create_app(
            {
                "DATABASE_URL": target.url,
                "SECRET_KEY": SECRET_KEY,
                "INSTANCE_PATH": str(target.instance),
            }
        )
        with app.app_context():
            editor = db.session.scalars(select(User).order_by(User.id)).first()
            assert editor is not None
            _, token = create_token(db.session, editor, "fuzz")
            # The second article belongs to the other editor: ids of others' work.
            other = db.session.scalars(select(Article).order_by(Article.id.desc())).first()
            assert other is not None
            db.session.add(ArticleEditor(article_id=other.id, user_id=editor.id + 1))
            db.session.commit()
            ids = {
                "passage_id": list(db.session.scalars(select(Passage.id).limit(50))),
                "article_id": list(db.session.scalars(select(Article.id))),
            }
            report = fuzz_api(app, {"Authorization": f"Bearer {token}"}, examples, ids)
            db.session.remove()
            db.engine.dispose()
    return {"database": kind, "examples_per_operation_and_mode": examples, **report.as_dict()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", action="append", choices=["sqlite", "postgresql"])
    parser.add_argument("--examples", type=int, default=200)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    results = []
    with tempfile.TemporaryDirectory(prefix="annotator-fuzz-") as tmp:
        for kind in args.db or ["sqlite", "postgresql"]:
            result = _fuzz_database(kind, Path(tmp), args.examples)
            print(json.dumps(result, ensure_ascii=False), flush=True)
            results.append(result)
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    bad = ("server_errors", "refusals_without_message", "writes_on_refusal")
    return 0 if all(r[k] == 0 for r in results for k in bad) else 1


if __name__ == "__main__":
    sys.exit(main())

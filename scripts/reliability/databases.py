"""Throw-away databases for reliability runs: an SQLite file or a new PostgreSQL database."""

from __future__ import annotations

import os
import secrets
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
PASSWORD = "storm-password-Ω-2026"  # noqa: S105 - throw-away users of throw-away databases
# A production-grade key: the reliability server runs with ANNOTATOR_ENV=production.
SECRET_KEY = secrets.token_hex(32)


@dataclass(frozen=True)
class Target:
    """A database to run against, and the folder the app uses as its instance."""

    kind: str
    url: str
    instance: Path

    def env(self) -> dict[str, str]:
        """Environment for `annotator` commands and the server on this database."""
        return {
            **os.environ,
            "DATABASE_URL": self.url,
            "SECRET_KEY": SECRET_KEY,
            "ANNOTATOR_INSTANCE": str(self.instance),
            "ANNOTATOR_ENV": "production",
            "PYTHONPATH": str(ROOT),
        }


def postgres_admin_url() -> str | None:
    """The PostgreSQL server to make databases on (ANNOTATOR_TEST_POSTGRES), if any."""
    return os.environ.get("ANNOTATOR_RELIABILITY_POSTGRES") or os.environ.get(
        "ANNOTATOR_TEST_POSTGRES"
    )


@contextmanager
def fresh_database(kind: str, folder: Path, postgres_url: str | None = None) -> Iterator[Target]:
    """A new, empty database of the kind asked for; PostgreSQL ones are dropped afterwards.

    With `postgres_url`, that (already empty) database is used and left in place.
    """
    instance = folder / f"instance-{kind}"
    instance.mkdir(parents=True, exist_ok=True)
    if kind == "postgresql" and postgres_url:
        yield Target(kind, postgres_url, instance)
        return
    if kind == "sqlite":
        yield Target(
            kind, f"sqlite:///{folder / f'{kind}-{uuid.uuid4().hex[:6]}.sqlite3'}", instance
        )
        return
    import psycopg

    admin_url = postgres_admin_url()
    if not admin_url:
        raise RuntimeError("set ANNOTATOR_TEST_POSTGRES to a PostgreSQL server to run on it")
    admin = make_url(admin_url).set(drivername="postgresql")
    conninfo = admin.render_as_string(hide_password=False)
    name = f"annotator_reliability_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield Target(kind, admin.set(database=name).render_as_string(hide_password=False), instance)
    finally:
        with psycopg.connect(conninfo, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass(frozen=True)
class Staff:
    """The user names `prepare` made."""

    editors: list[str]
    reviewers: list[str]


def prepare(target: Target, editors: int, articles: int = 1, reviewers: int = 0) -> Staff:
    """Migrate, install the default labels, import seed articles, make editors and reviewers."""
    from annotator import create_app
    from annotator.extensions import db
    from annotator.services.importing import collect_paths, import_file
    from annotator.services.importing.store import ImportOptions
    from annotator.services.schema import apply_schema, default_schema
    from annotator.services.setup import upgrade_database
    from annotator.services.tokenizer import get_tokenizer
    from annotator.services.users import create_user

    app = create_app(
        {
            "DATABASE_URL": target.url,
            "SECRET_KEY": SECRET_KEY,
            "INSTANCE_PATH": str(target.instance),
            # Hash cost does not matter to a storm; production keeps werkzeug's default.
            "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",
        }
    )
    staff = Staff(
        editors=[f"editor{i:02d}" for i in range(1, editors + 1)],
        reviewers=[f"reviewer{i:02d}" for i in range(1, reviewers + 1)],
    )
    with app.app_context():
        upgrade_database()
        apply_schema(db.session, default_schema(), note="default schema")
        tokenizer = get_tokenizer(db.session)
        for path in list(collect_paths([SEEDS]))[:articles]:
            import_file(db.session, path, tokenizer, ImportOptions())
        for name in staff.editors:
            create_user(db.session, name, PASSWORD, role="editor")
        for name in staff.reviewers:
            create_user(db.session, name, PASSWORD, role="reviewer")
        db.session.commit()
        db.engine.dispose()
    return staff

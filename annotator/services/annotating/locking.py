"""How every label write detects a concurrent change: one row lock, then a version check.

Every write of labels (an editor's labels, spans and note on a passage, their labels on a
whole article, a reviewer's gold and its reopening) first locks the row it hangs on — the
passage or the article — for the rest of the caller's transaction. Two writers of the same
passage then run one after the other: the second reads what the first committed, finds a
version it did not see and answers 409, never 200 on top of it. The lock also makes the
maintained passage state (`passage_state`) safe to recompute inside the same transaction:
nothing else can change the passage's labels between the read and the write.

SQLite needs no row lock: a request that writes begins with BEGIN IMMEDIATE
(`annotator.extensions`), so writing transactions already run one at a time. PostgreSQL
takes `FOR NO KEY UPDATE`, which does not block inserts of rows that merely reference the
passage (their foreign-key check takes a key-share lock).

Version bumps stay conditional (`UPDATE … WHERE version = :seen`) as a second line: if a
path ever wrote without the lock, its stale write would still fail instead of winning.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from annotator.models import Article, Passage
from annotator.models.base import utcnow


def lock_passage(session: Session, passage_id: int) -> bool:
    """Hold the passage's row until the transaction ends; False if there is no such passage."""
    found = session.scalar(
        select(Passage.id).where(Passage.id == passage_id).with_for_update(key_share=True)
    )
    return found is not None


def lock_article(session: Session, article_id: int) -> bool:
    """Hold the article's row until the transaction ends; False if there is no such article."""
    found = session.scalar(
        select(Article.id).where(Article.id == article_id).with_for_update(key_share=True)
    )
    return found is not None


def bump_version(session: Session, row: Any, expected: int, **values: Any) -> bool:
    """Move `row` to version expected + 1 with `values`, only if it still has `expected`.

    A Core UPDATE on the session's connection (the ORM's bulk path would also search the
    identity map); the row held in memory is brought up to date by hand on success.
    """
    changes = {"version": expected + 1, "updated_at": utcnow(), **values}
    table = type(row).__table__
    result = session.connection().execute(
        update(table).where(table.c.id == row.id, table.c.version == expected).values(changes)
    )
    if result.rowcount != 1:
        session.refresh(row)
        return False
    for key, value in changes.items():
        set_committed_value(row, key, value)
    return True

"""articles.jsonl: one line per article with its roll-up, streamed in batches."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.models import Article
from annotator.services.rollup.compute import rollup_articles

ARTICLES_SCHEMA_VERSION = 1
BATCH = 200


def dumps(obj: Any) -> str:
    """One compact JSON line: UTF-8 text unescaped, keys in the order built, NaN refused."""
    return json.dumps(obj, ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def article_lines(session: Session, batch: int = BATCH) -> Iterator[str]:
    """Every article's roll-up as a JSON line, oldest article first."""
    ids = list(session.scalars(select(Article.id).order_by(Article.id)))
    for i in range(0, len(ids), batch):
        chunk = ids[i : i + batch]
        rollups = rollup_articles(session, chunk)
        for article_id in chunk:
            yield dumps(
                {"schema_version": ARTICLES_SCHEMA_VERSION, **rollups[article_id].as_dict()}
            )


def write_articles_jsonl(session: Session, out: TextIO) -> int:
    """Write articles.jsonl to an open text file; returns the number of lines."""
    count = 0
    for line in article_lines(session):
        out.write(line + "\n")
        count += 1
    return count


def write_articles_file(session: Session, path: Path) -> int:
    """Write articles.jsonl to a path; only a complete file takes the name."""
    partial = path.with_name(path.name + ".part")
    try:
        with partial.open("w", encoding="utf-8", newline="\n") as fh:
            count = write_articles_jsonl(session, fh)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return count

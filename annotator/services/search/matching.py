"""The full-text match per database, over the rows of passages that ranking reads.

SQLite: the FTS5 match (passage_fts) joined to `passage_search_order`, SQLite's narrow copy
of each passage's id, kind and article (migration 0011), so ordering and filtering thousands
of matches reads a few megabytes instead of the wide passages rows.
PostgreSQL: the passages table itself, matched and ranked by its stored tsvector in the same
scan (a match subquery joined back to passages would look every match up a second time).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Float,
    Integer,
    String,
    bindparam,
    column,
    func,
    literal_column,
    select,
    table,
    text,
    true,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnClause
from sqlalchemy.sql.selectable import FromClause, Subquery, TableClause
from sqlalchemy.sql.visitors import replacement_traverse

from annotator.models import Passage
from annotator.services.search.terms import Term, fts5_query

SEARCH_ORDER: TableClause = table(
    "passage_search_order",
    column("id", Integer),
    column("kind", String),
    column("article_id", Integer),
)
# Not a mapped column (migration 0004 adds it on PostgreSQL only).
_VECTOR: ColumnClause[Any] = literal_column("passages.search_vector")


@dataclass(frozen=True)
class Matches:
    """Passages matching a query: `source` WHERE `where`, scored by `score` (higher is better).

    `rows` names the passage columns (id, kind, article_id) to order and filter by.
    """

    rows: FromClause
    source: FromClause
    where: ColumnElement[bool]
    score: ColumnElement[float]


def matches(session: Session, terms: list[Term]) -> Matches:
    """The passages matching every term, and how well each does."""
    if _is_sqlite(session):
        hits = _fts_subquery(terms, scored=True)
        source = SEARCH_ORDER.join(hits, hits.c.passage_id == SEARCH_ORDER.c.id)
        return Matches(SEARCH_ORDER, source, true(), hits.c.score)
    passages = Passage.__table__
    query = _tsquery(terms)
    return Matches(passages, passages, _VECTOR.op("@@")(query), func.ts_rank(_VECTOR, query))


def count_matches(
    session: Session, terms: list[Term], conditions: list[ColumnElement[bool]]
) -> int:
    """How many passages match and pass the conditions (on `rows`), without scoring any.

    SQLite with no condition on the passage: the index alone answers (every indexed row is
    a passage).
    """
    if _is_sqlite(session):
        hits = _fts_subquery(terms, scored=False)
        if not conditions:
            return session.scalar(select(func.count()).select_from(hits)) or 0
        source: FromClause = SEARCH_ORDER.join(hits, hits.c.passage_id == SEARCH_ORDER.c.id)
        where: ColumnElement[bool] = true()
    else:
        source, where = Passage.__table__, _VECTOR.op("@@")(_tsquery(terms))
    counting = select(func.count()).select_from(source).where(where, *conditions)
    return session.scalar(counting) or 0


def on_rows(rows: FromClause, conditions: list[ColumnElement[bool]]) -> list[ColumnElement[bool]]:
    """The conditions on Passage rewritten to read `rows` (the same-named columns) instead."""
    passages = Passage.__table__
    if rows is passages:
        return conditions

    def swap(element: Any, **kw: Any) -> Any:
        if isinstance(element, ColumnClause) and element.table is passages:
            return rows.c[element.name]
        return None

    opts: dict[str, Any] = {}
    return [replacement_traverse(c, opts, swap) for c in conditions]


def _is_sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def _fts_subquery(terms: list[Term], *, scored: bool) -> Subquery:
    """SQLite: (passage_id[, score]) from the FTS5 index; bm25 is lower for better matches."""
    score = ", -bm25(passage_fts) AS score" if scored else ""
    stmt = text(
        f"SELECT rowid AS passage_id{score} "  # noqa: S608 - only a fixed column is interpolated
        "FROM passage_fts WHERE passage_fts MATCH :match"
    ).bindparams(match=fts5_query(terms))
    if not scored:
        return stmt.columns(passage_id=Integer).subquery("hits")
    return stmt.columns(passage_id=Integer, score=Float).subquery("hits")


def _tsquery(terms: list[Term]) -> ColumnElement[Any]:
    """PostgreSQL: every term (&&), a term with other names as any of them (||).

    phraseto_tsquery runs the same parser as the indexed to_tsvector, so both agree; with
    bound constants it is folded once per statement, not per row.
    """

    def phrase(i: int, j: int, words: tuple[str, ...] | list[str]) -> ColumnElement[Any]:
        value = bindparam(f"t{i}_{j}", " ".join(words), type_=String)
        return func.phraseto_tsquery(literal_column("'simple'"), value)

    def any_of(i: int, term: Term) -> ColumnElement[Any]:
        each = [phrase(i, j, p) for j, p in enumerate(term.phrases)]
        return reduce(lambda a, b: a.op("||")(b), each)

    return reduce(lambda a, b: a.op("&&")(b), [any_of(i, t) for i, t in enumerate(terms)])

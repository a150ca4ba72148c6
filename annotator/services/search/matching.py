"""The full-text match per database, and the narrow rows of passages that ranking reads."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Float, Integer, String, column, table, text
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnClause
from sqlalchemy.sql.selectable import FromClause, Subquery, TableClause
from sqlalchemy.sql.visitors import replacement_traverse

from annotator.models import Passage
from annotator.services.search.terms import Term, fts5_query

# SQLite: (id, kind, article_id) of every passage, kept in step by triggers (migration 0011),
# so ordering and filtering thousands of matches reads a few megabytes, not the wide rows.
SEARCH_ORDER: TableClause = table(
    "passage_search_order",
    column("id", Integer),
    column("kind", String),
    column("article_id", Integer),
)


def match_subquery(session: Session, terms: list[Term], *, scored: bool = True) -> Subquery:
    """(passage_id, score) of passages matching every term; higher score is better.

    `scored=False`: (passage_id) only, for counting, without the cost of ranking each match.
    """
    if session.get_bind().dialect.name == "sqlite":
        score = ", -bm25(passage_fts) AS score" if scored else ""
        stmt = text(
            f"SELECT rowid AS passage_id{score} "  # noqa: S608 - only a fixed column is interpolated
            "FROM passage_fts WHERE passage_fts MATCH :match"
        ).bindparams(match=fts5_query(terms))
    else:
        # phraseto_tsquery runs the same parser as the indexed to_tsvector, so both agree.
        # A term with other names (holder aliases) matches any of them: OR (||) inside it.
        phrases = {
            f"t{i}_{j}": " ".join(phrase)
            for i, term in enumerate(terms)
            for j, phrase in enumerate(term.phrases)
        }
        tsquery = " && ".join(_any_phrase(i, len(term.phrases)) for i, term in enumerate(terms))
        score = ", ts_rank(p.search_vector, q.query) AS score" if scored else ""
        stmt = text(
            f"SELECT p.id AS passage_id{score} "  # noqa: S608 - only bound parameter names and a fixed column are interpolated
            f"FROM passages AS p, (SELECT {tsquery} AS query) AS q "
            "WHERE p.search_vector @@ q.query"
        ).bindparams(**phrases)
    if not scored:
        return stmt.columns(passage_id=Integer).subquery("hits")
    return stmt.columns(passage_id=Integer, score=Float).subquery("hits")


def _any_phrase(term: int, phrases: int) -> str:
    """SQL for term `term`: any of its `phrases` bound names (:t<term>_<j>) as a tsquery."""
    each = (f"phraseto_tsquery('simple', :t{term}_{j})" for j in range(phrases))
    return "(" + " || ".join(each) + ")"


def ranking_rows(session: Session) -> FromClause:
    """Where a search reads the passage columns it orders and filters matches by."""
    if session.get_bind().dialect.name == "sqlite":
        return SEARCH_ORDER
    return Passage.__table__


def on_ranking_rows(
    rows: FromClause, conditions: list[ColumnElement[bool]]
) -> list[ColumnElement[bool]]:
    """The conditions on Passage rewritten to read `rows` (the same-named columns) instead."""
    if rows is Passage.__table__:
        return conditions
    passages = Passage.__table__

    def swap(element: Any, **kw: Any) -> Any:
        if isinstance(element, ColumnClause) and element.table is passages:
            return rows.c[element.name]
        return None

    opts: dict[str, Any] = {}
    return [replacement_traverse(c, opts, swap) for c in conditions]

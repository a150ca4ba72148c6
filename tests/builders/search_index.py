"""Compare SQLite's derived search structures with what a rebuild from passages gives."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

REBUILT = "SELECT id, kind, article_id FROM passages"
KEPT = "SELECT id, kind, article_id FROM passage_search_order"


def search_order_drift(session: Session) -> tuple[set[tuple[int, str, int]], ...]:
    """(rows only a rebuild has, rows only the kept table has): both empty when in step."""
    rebuilt = {tuple(r) for r in session.execute(text(REBUILT))}
    kept = {tuple(r) for r in session.execute(text(KEPT))}
    return rebuilt - kept, kept - rebuilt

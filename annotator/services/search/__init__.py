"""Full-text search over passages: index text, queries, highlights, re-indexing."""

from annotator.services.search.highlight import highlight, match_ranges
from annotator.services.search.query import SearchFilters, SearchHit, SearchPage, search_passages
from annotator.services.search.reindex import (
    IndexState,
    index_state,
    reindex_articles,
    stale_article_ids,
)
from annotator.services.search.terms import (
    INDEX_VERSION,
    QueryError,
    Term,
    index_text,
    query_terms,
    segmenter_version,
    to_simplified,
)

__all__ = [
    "INDEX_VERSION",
    "IndexState",
    "QueryError",
    "SearchFilters",
    "SearchHit",
    "SearchPage",
    "Term",
    "highlight",
    "index_state",
    "index_text",
    "match_ranges",
    "query_terms",
    "reindex_articles",
    "search_passages",
    "segmenter_version",
    "stale_article_ids",
    "to_simplified",
]

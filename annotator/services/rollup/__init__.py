"""Article roll-ups: passage label distribution, stance holders, article-level labels."""

from annotator.services.rollup.compute import holder_key, rollup_articles
from annotator.services.rollup.export import (
    ARTICLES_SCHEMA_VERSION,
    article_lines,
    write_articles_file,
    write_articles_jsonl,
)
from annotator.services.rollup.summary import (
    CONFLICT,
    UNTAGGED,
    ArticleLabelSummary,
    ArticleRollup,
    HolderSummary,
)

__all__ = [
    "ARTICLES_SCHEMA_VERSION",
    "CONFLICT",
    "UNTAGGED",
    "article_lines",
    "ArticleLabelSummary",
    "ArticleRollup",
    "HolderSummary",
    "holder_key",
    "rollup_articles",
    "write_articles_file",
    "write_articles_jsonl",
]

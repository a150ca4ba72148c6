"""Article roll-ups: passage label distribution, stance holders, article-level labels."""

from annotator.services.rollup.compute import holder_key, rollup_articles
from annotator.services.rollup.summary import (
    CONFLICT,
    UNTAGGED,
    ArticleLabelSummary,
    ArticleRollup,
    HolderSummary,
)

__all__ = [
    "CONFLICT",
    "UNTAGGED",
    "ArticleLabelSummary",
    "ArticleRollup",
    "HolderSummary",
    "holder_key",
    "rollup_articles",
]

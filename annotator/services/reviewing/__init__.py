"""Adjudication: list passages in conflict, show one with every editor's work, settle gold."""

from annotator.services.annotating.gold import (
    Decision,
    ReviewError,
    concurrency_token,
    gold_rows,
    gold_snapshot,
    gold_token,
    reopen,
    settle,
    settled_gold,
)
from annotator.services.annotating.majority import Majority, majority
from annotator.services.reviewing.listing import (
    ReviewDetail,
    ReviewItem,
    ReviewPage,
    conflict_sets,
    editors_with_work,
    review_detail,
    review_list,
)

__all__ = [
    "Decision",
    "Majority",
    "ReviewDetail",
    "ReviewError",
    "ReviewItem",
    "ReviewPage",
    "concurrency_token",
    "conflict_sets",
    "editors_with_work",
    "gold_rows",
    "gold_snapshot",
    "gold_token",
    "majority",
    "reopen",
    "review_detail",
    "review_list",
    "settle",
    "settled_gold",
]

"""What an import inserts, as typed rows: an article's columns and its passages' columns.

Rows are built in the worker processes and inserted as they are (a NamedTuple is a tuple,
so the drivers take it without conversion), which keeps them cheap to send back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from annotator.services.duplicates import BANDS


class PassageRow(NamedTuple):
    """One passage's columns, except its article's id (unknown until the article is stored)."""

    uid: str
    passage_index: int  # the column "index" (a NamedTuple field cannot shadow tuple.index)
    start: int
    end: int
    kind: str
    kind_reason: str | None
    duplicate_of: int | None
    text: str
    search_text: str


# The passages table's columns in the order a stored row holds them: the article's id last.
PASSAGE_COLUMNS = (
    *("index" if name == "passage_index" else name for name in PassageRow._fields),
    "article_id",
)


class ArticleRow(NamedTuple):
    """One article's columns as the import stores them (its id and created_at come later)."""

    content_hash: str
    title: str
    source: str | None
    published: date | None
    published_precision: str | None
    url: str | None
    meta: dict[str, Any]
    text: str
    filename: str
    encoding: str
    segmenter_version: str


@dataclass(frozen=True)
class ReadyArticle:
    """One article as rows to insert, with what near-duplicate linking needs of it.

    `signed` holds the positions in `passages` of those near-duplicate linking signs, and
    `band_keys` their MinHash band keys, one row each: computed where the article was
    prepared (in parallel), so the process that writes only looks them up.
    """

    row: ArticleRow
    passages: tuple[PassageRow, ...]
    signed: tuple[int, ...] = ()
    band_keys: npt.NDArray[np.int64] = field(
        default_factory=lambda: np.empty((0, BANDS), dtype=np.int64)
    )

    @property
    def content_hash(self) -> str:
        return self.row.content_hash

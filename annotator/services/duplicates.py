"""Link passages that repeat, exactly or nearly, across articles (MinHash over 3-grams).

Each body passage of at least MIN_CHARS characters gets a 64-value MinHash signature of
its character 3-grams, as 16 band keys of 4 values. Passages sharing a band key with a
stored signature are candidates (for Jaccard 0.8 a pair shares a band with probability
> 0.999); each candidate is checked with the exact Jaccard similarity. Only the first
occurrence of a text keeps its signature, and repeats link to it (a star per group), so
import stays linear in the new passages however often a paragraph is reprinted.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import numpy.typing as npt
from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from annotator.models import Passage, PassageLink, PassageSignature

MIN_CHARS = 20
THRESHOLD = 0.8
SHINGLE = 3
BANDS = 16
ROWS = 4
_PRIME = (1 << 31) - 1
_K1, _K2 = np.uint64(1_000_003), np.uint64(2_097_143)
_MIX = np.uint64(0x9E3779B97F4A7C15)  # an odd 64-bit constant (the golden ratio's bits)
_NOT_WORD = re.compile(r"[\W_]+")
CHUNK = 400


@lru_cache(maxsize=1)
def _permutations() -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.uint64]]:
    # Fixed seed: signatures stored in the database must stay comparable across runs.
    rng = np.random.default_rng(20_26_11_21)
    a = rng.integers(1, _PRIME, BANDS * ROWS, dtype=np.uint64)
    b = rng.integers(0, _PRIME, BANDS * ROWS, dtype=np.uint64)
    return a, b


Grams = npt.NDArray[np.uint64]


def shingles(text: str) -> Grams:
    """Sorted distinct hashes of the letter-and-digit 3-grams (case and width folded)."""
    folded = _NOT_WORD.sub("", unicodedata.normalize("NFKC", text).lower())
    if len(folded) < SHINGLE:
        return np.empty(0, dtype=np.uint64)
    codes = np.frombuffer(folded.encode("utf-32-le"), dtype="<u4").astype(np.uint64)
    # A polynomial hash of each 3-gram; code points < 2**21, so nothing overflows 64 bits.
    grams: Grams = np.unique((codes[:-2] * _K1 + codes[1:-1] * _K2 + codes[2:]) % _PRIME)
    return grams


def jaccard(a: Grams, b: Grams) -> float:
    """|a ∩ b| / |a ∪ b| of two shingle sets (0 for two empty sets)."""
    common = len(np.intersect1d(a, b, assume_unique=True))
    union = len(a) + len(b) - common
    return common / union if union else 0.0


def band_keys(grams: Grams) -> list[int]:
    """The passage's 16 band keys (signed 64-bit, so both databases store them as BIGINT)."""
    a, b = _permutations()
    # a, grams < 2**31, so a * grams + b fits in 64 bits before the modulus.
    signature = ((a[:, None] * grams[None, :] + b[:, None]) % _PRIME).min(axis=1)
    rows = signature.reshape(BANDS, ROWS)
    # Mix each band's values with its number (uint64 arithmetic wraps, identically everywhere).
    key = np.arange(1, BANDS + 1, dtype=np.uint64) * _MIX
    for column in range(ROWS):
        key = (key ^ rows[:, column]) * _MIX
        key ^= key >> np.uint64(29)
    return [int(k) for k in key.view(np.int64)]


def _eligible(session: Session, article_ids: Sequence[int]) -> list[tuple[int, int, str]]:
    rows = session.execute(
        select(Passage.id, Passage.article_id, Passage.text).where(
            Passage.article_id.in_(article_ids), Passage.kind == "body"
        )
    )
    return [(pid, aid, text) for pid, aid, text in rows if len(text.strip()) >= MIN_CHARS]


def _insert_signatures(session: Session, rows: list[tuple[int, int, int]]) -> None:
    """Insert (passage_id, band, key) rows straight through the driver's executemany.

    Sixteen rows per passage: building SQLAlchemy parameters for each cost more than the
    database's own work, and import speed matters (a corpus can hold millions of characters).
    """
    if not rows:
        return
    connection = session.connection()
    mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    connection.exec_driver_sql(
        f'INSERT INTO passage_signatures (passage_id, band, "key") VALUES ({mark}, {mark}, {mark})',  # noqa: S608 - fixed text, values bound
        rows,
    )


def _passages_with_keys(session: Session, keys: list[int]) -> list[tuple[int, int]]:
    """(key, passage_id) of every signature band with one of these keys (driver SQL: speed)."""
    connection = session.connection()
    found: list[tuple[int, int]] = []
    if connection.dialect.name == "postgresql":
        sql = 'SELECT "key", passage_id FROM passage_signatures WHERE "key" = ANY(%s)'
        return [tuple(r) for r in connection.exec_driver_sql(sql, (keys,)).all()]
    for i in range(0, len(keys), CHUNK):
        chunk = keys[i : i + CHUNK]
        marks = ",".join("?" * len(chunk))
        sql = f'SELECT "key", passage_id FROM passage_signatures WHERE "key" IN ({marks})'  # noqa: S608 - placeholders only
        found.extend(tuple(r) for r in connection.exec_driver_sql(sql, tuple(chunk)).all())
    return found


def link_near_duplicates(session: Session, article_ids: Sequence[int]) -> int:
    """Link these articles' passages to the first occurrence of their text; returns links.

    A star, not a clique: each group of repeats has one first occurrence (the lowest id),
    which alone keeps a signature; a later repeat is linked to it both ways and signs
    nothing. A paragraph reprinted in 600 articles gives 1,198 links, not 359,400, and
    each new passage meets one candidate per band instead of every earlier copy.
    """
    new = [
        row
        for i in range(0, len(article_ids), CHUNK)
        for row in _eligible(session, article_ids[i : i + CHUNK])
    ]
    new = _not_yet_linked(session, new)
    if not new:
        return 0
    grams = {pid: shingles(text) for pid, _, text in new}
    article_of = {pid: aid for pid, aid, _ in new}
    keys = {pid: band_keys(g) for pid, g in grams.items() if len(g)}
    roots_by_key: dict[int, set[int]] = defaultdict(set)
    for key, pid in _passages_with_keys(session, sorted({k for ks in keys.values() for k in ks})):
        roots_by_key[key].add(pid)
    _load_grams(session, {r for rs in roots_by_key.values() for r in rs} - grams.keys(), grams,
                article_of)  # fmt: skip
    links: list[dict[str, object]] = []
    signatures: list[tuple[int, int, int]] = []
    for pid in sorted(keys):
        root = _first_match(pid, keys[pid], roots_by_key, grams, article_of)
        if root is None:
            for band, key in enumerate(keys[pid]):
                roots_by_key[key].add(pid)
                signatures.append((pid, band, key))
            continue
        similarity = round(jaccard(grams[pid], grams[root]), 4)
        links += [
            {"passage_id": pid, "other_id": root, "similarity": similarity},
            {"passage_id": root, "other_id": pid, "similarity": similarity},
        ]
    _insert_signatures(session, signatures)
    if links:
        session.execute(insert(PassageLink), links)
    return len(links)


def _not_yet_linked(
    session: Session, rows: list[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """Drop passages already signed or linked (linking the same article twice adds nothing)."""
    ids = [pid for pid, _, _ in rows]
    done: set[int] = set()
    for i in range(0, len(ids), CHUNK):
        chunk = ids[i : i + CHUNK]
        done.update(
            session.scalars(select(PassageSignature.passage_id).where(
                PassageSignature.passage_id.in_(chunk)))
        )  # fmt: skip
        done.update(
            session.scalars(select(PassageLink.passage_id).where(PassageLink.passage_id.in_(chunk)))
        )
    return [row for row in rows if row[0] not in done]


def _load_grams(
    session: Session, ids: set[int], grams: dict[int, Grams], article_of: dict[int, int]
) -> None:
    """Shingle the earlier first occurrences the new passages may repeat."""
    missing = sorted(ids)
    for i in range(0, len(missing), CHUNK):
        rows = session.execute(
            select(Passage.id, Passage.article_id, Passage.text).where(
                Passage.id.in_(missing[i : i + CHUNK])
            )
        )
        for pid, aid, text in rows:
            grams[pid], article_of[pid] = shingles(text), aid


def _first_match(
    pid: int,
    keys: list[int],
    roots_by_key: dict[int, set[int]],
    grams: dict[int, Grams],
    article_of: dict[int, int],
) -> int | None:
    """The earliest first occurrence in another article at least THRESHOLD similar, if any."""
    candidates = sorted({r for k in keys for r in roots_by_key.get(k, ()) if r < pid})
    for root in candidates:
        if article_of[root] == article_of[pid]:
            continue  # repeats inside one article are the segmenter's duplicate_of
        if jaccard(grams[pid], grams[root]) >= THRESHOLD:
            return root
    return None


def rebuild_links(session: Session, article_ids: Sequence[int]) -> int:
    """Forget every signature and link, then sign and link these articles from scratch."""
    session.execute(delete(PassageLink))
    session.execute(delete(PassageSignature))
    return link_near_duplicates(session, article_ids)

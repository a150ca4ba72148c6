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
from itertools import repeat

import numpy as np
import numpy.typing as npt
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from annotator.models import Passage, PassageLink, PassageSignature
from annotator.services.bulk_rows import insert_rows

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
    grams: Grams = np.sort((codes[:-2] * _K1 + codes[1:-1] * _K2 + codes[2:]) % _PRIME)
    return _distinct(grams)


def _distinct(values: Grams) -> Grams:
    """A sorted array without its repeats (np.unique, which is several times slower)."""
    if len(values) < 2:
        return values
    return values[np.concatenate(([True], values[1:] != values[:-1]))]


def shingles_many(texts: Sequence[str]) -> tuple[Grams, npt.NDArray[np.int64]]:
    """shingles() of every text at once: their grams joined in text order, and each count.

    The import signs every passage; one numpy pass over all of a chunk's texts instead of
    a dozen small array operations per passage.
    """
    folded = [_NOT_WORD.sub("", unicodedata.normalize("NFKC", text).lower()) for text in texts]
    lengths = np.fromiter(map(len, folded), dtype=np.int64, count=len(folded))
    codes = np.frombuffer("".join(folded).encode("utf-32-le"), dtype="<u4").astype(np.uint64)
    if len(codes) < SHINGLE:
        return np.empty(0, dtype=np.uint64), np.zeros(len(folded), dtype=np.int64)
    owner = np.repeat(np.arange(len(folded), dtype=np.uint64), lengths)
    grams = codes[:-2] * _K1 + codes[1:-1] * _K2 + codes[2:]
    _mod_prime(grams, np.empty_like(grams))
    # A 3-gram belongs to a text when it starts and ends inside it.
    inside = owner[:-2] == owner[2:]
    # Distinct (text, gram) pairs in order: each text's distinct grams, sorted, as shingles().
    pairs = _distinct(np.sort((owner[:-2][inside] << np.uint64(31)) | grams[inside]))
    counts = np.bincount((pairs >> np.uint64(31)).astype(np.int64), minlength=len(folded))
    return pairs & np.uint64(_PRIME), counts.astype(np.int64)


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


# Grams per step of band_keys_many: a 1,024 x 64 uint64 block (512 KB) stays in the cache.
_BLOCK_GRAMS = 1024
_SHIFT = np.uint64(31)


def _mod_prime(values: npt.NDArray[np.uint64], spare: npt.NDArray[np.uint64]) -> None:
    """values %= _PRIME in place, for values < 2**62, without a division.

    _PRIME is 2**31 - 1, so x = hi * 2**31 + lo is hi + lo modulo it: folding twice brings
    any value below 2**31 + 1, and one subtraction finishes. The same numbers as `%`, at a
    fraction of the cost (a 64-bit division per value is most of the signing time).
    """
    prime = np.uint64(_PRIME)
    for _ in range(2):
        np.right_shift(values, _SHIFT, out=spare)
        np.bitwise_and(values, prime, out=values)
        values += spare
    np.subtract(values, prime, out=values, where=values >= prime)


def band_keys_many(grams: Sequence[Grams]) -> npt.NDArray[np.int64]:
    """band_keys() of each non-empty shingle set, as rows of one array."""
    lengths = np.fromiter(map(len, grams), dtype=np.int64, count=len(grams))
    joined = np.concatenate(grams) if grams else np.empty(0, dtype=np.uint64)
    return band_keys_joined(joined, lengths)


def band_keys_joined(joined: Grams, lengths: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """band_keys() of consecutive non-empty shingle sets joined in one array, one row each:
    one numpy pass per block of passages instead of one per passage."""
    a, b = _permutations()
    count = len(lengths)
    signatures = np.empty((count, BANDS * ROWS), dtype=np.uint64)
    if count:
        ends = np.cumsum(lengths)
        starts = ends - lengths
        # One row per gram, its 64 hashes side by side: each passage's minimum is taken
        # over a contiguous run of rows.
        widest = int(max(lengths.max(), _BLOCK_GRAMS))
        hashed = np.empty((widest, BANDS * ROWS), dtype=np.uint64)
        spare = np.empty_like(hashed)
        first = 0
        while first < count:
            # Whole passages up to about _BLOCK_GRAMS grams, and at least one.
            last = max(int(np.searchsorted(ends, starts[first] + _BLOCK_GRAMS, "right")), first + 1)
            block = joined[starts[first] : ends[last - 1]]
            rows, scratch = hashed[: len(block)], spare[: len(block)]
            np.multiply(block[:, None], a[None, :], out=rows)
            rows += b[None, :]
            _mod_prime(rows, scratch)
            offsets = starts[first:last] - starts[first]
            signatures[first:last] = np.minimum.reduceat(rows, offsets, axis=0)
            first = last
    rows = signatures.reshape(count, BANDS, ROWS)
    key = np.tile(np.arange(1, BANDS + 1, dtype=np.uint64) * _MIX, (count, 1))
    for column in range(ROWS):
        key = (key ^ rows[:, :, column]) * _MIX
        key ^= key >> np.uint64(29)
    return key.view(np.int64)


def signable(kind: str, text: str) -> bool:
    """Whether a passage takes part in near-duplicate linking: body text of MIN_CHARS or more."""
    return kind == "body" and len(text.strip()) >= MIN_CHARS


def _eligible(session: Session, article_ids: Sequence[int]) -> list[tuple[int, int, str]]:
    rows = session.execute(
        select(Passage.id, Passage.article_id, Passage.text).where(
            Passage.article_id.in_(article_ids), Passage.kind == "body"
        )
    )
    return [(pid, aid, text) for pid, aid, text in rows if signable("body", text)]


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


# A new passage to link: its id, its article's id, its text and its band keys.
Signed = tuple[int, int, str, list[int]]


def link_near_duplicates(session: Session, article_ids: Sequence[int]) -> int:
    """Link these articles' passages to the first occurrence of their text; returns links.

    A star, not a clique: each group of repeats has one first occurrence (the lowest id),
    which alone keeps a signature; a later repeat is linked to it both ways and signs
    nothing. A paragraph reprinted in 600 articles gives 1,198 links, not 359,400, and
    each new passage meets one candidate per band instead of every earlier copy.
    """
    eligible = [
        row
        for i in range(0, len(article_ids), CHUNK)
        for row in _eligible(session, article_ids[i : i + CHUNK])
    ]
    shingled = [
        (pid, aid, text, shingles(text)) for pid, aid, text in _not_yet_linked(session, eligible)
    ]
    new = [row for row in shingled if len(row[3])]
    keys = band_keys_many([grams for *_, grams in new]).tolist()
    return link_signed(
        session, [(pid, aid, text, k) for (pid, aid, text, _), k in zip(new, keys, strict=True)]
    )


def link_signed(session: Session, signed: Sequence[Signed]) -> int:
    """Link new, not yet linked passages whose band keys are known (the import computes them
    in its worker processes); returns the links added. See link_near_duplicates."""
    if not signed:
        return 0
    texts = {pid: text for pid, _, text, _ in signed}
    article_of = {pid: aid for pid, aid, _, _ in signed}
    roots_by_key: dict[int, set[int]] = defaultdict(set)
    wanted = sorted({k for *_, keys in signed for k in keys})
    for key, pid in _passages_with_keys(session, wanted):
        roots_by_key[key].add(pid)
    _load_texts(
        session, {r for rs in roots_by_key.values() for r in rs} - texts.keys(), texts, article_of
    )
    grams = _LazyGrams(texts)
    links: list[tuple[int, int, float]] = []
    signatures: list[tuple[int, int, int]] = []
    for pid, _, _, keys in sorted(signed):
        match = _first_match(pid, keys, roots_by_key, grams, article_of)
        if match is None:
            for band, key in enumerate(keys):
                roots_by_key[key].add(pid)
                signatures.append((pid, band, key))
            continue
        root, similarity = match
        links += [(pid, root, round(similarity, 4)), (root, pid, round(similarity, 4))]
    connection = session.connection()
    insert_rows(
        connection, PassageSignature.__tablename__, ("passage_id", "band", "key"), signatures
    )
    insert_rows(
        connection, PassageLink.__tablename__, ("passage_id", "other_id", "similarity"), links
    )
    return len(links)


class _LazyGrams:
    """Shingles of the passages a check needs, each computed once; equal texts skip them."""

    def __init__(self, texts: dict[int, str]) -> None:
        self.texts = texts
        self._grams: dict[int, Grams] = {}

    def similarity(self, a: int, b: int) -> float:
        """jaccard() of two passages' shingles: 1.0 at once for the same text (a reprint)."""
        if self.texts[a] == self.texts[b]:
            return 1.0  # equal texts, equal non-empty shingle sets: jaccard is exactly 1.0
        return jaccard(self[a], self[b])

    def __getitem__(self, pid: int) -> Grams:
        found = self._grams.get(pid)
        if found is None:
            found = self._grams[pid] = shingles(self.texts[pid])
        return found


def _not_yet_linked(
    session: Session, rows: list[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """Drop passages already signed or linked (linking the same article twice adds nothing)."""
    ids = [pid for pid, _, _ in rows]
    done: set[int] = set()
    for i in range(0, len(ids), CHUNK):
        chunk = ids[i : i + CHUNK]
        done.update(
            session.scalars(
                select(PassageSignature.passage_id).where(PassageSignature.passage_id.in_(chunk))
            )
        )
        done.update(
            session.scalars(select(PassageLink.passage_id).where(PassageLink.passage_id.in_(chunk)))
        )
    return [row for row in rows if row[0] not in done]


def _load_texts(
    session: Session, ids: set[int], texts: dict[int, str], article_of: dict[int, int]
) -> None:
    """Read the earlier first occurrences the new passages may repeat."""
    missing = sorted(ids)
    for i in range(0, len(missing), CHUNK):
        rows = session.execute(
            select(Passage.id, Passage.article_id, Passage.text).where(
                Passage.id.in_(missing[i : i + CHUNK])
            )
        )
        for pid, aid, text in rows:
            texts[pid], article_of[pid] = text, aid


def _first_match(
    pid: int,
    keys: list[int],
    roots_by_key: dict[int, set[int]],
    grams: _LazyGrams,
    article_of: dict[int, int],
) -> tuple[int, float] | None:
    """The earliest first occurrence in another article at least THRESHOLD similar, if any,
    with its similarity."""
    # The roots of every band, gathered in C: most passages meet none, or one root in all
    # sixteen bands (a reprint's first occurrence).
    candidates = sorted(set().union(*map(roots_by_key.get, keys, repeat((), len(keys)))))
    for root in candidates:
        if root >= pid:
            break  # only earlier passages are roots for this one
        if article_of[root] == article_of[pid]:
            continue  # repeats inside one article are the segmenter's duplicate_of
        similarity = grams.similarity(pid, root)
        if similarity >= THRESHOLD:
            return root, similarity
    return None


def rebuild_links(session: Session, article_ids: Sequence[int]) -> int:
    """Forget every signature and link, then sign and link these articles from scratch."""
    session.execute(delete(PassageLink))
    session.execute(delete(PassageSignature))
    return link_near_duplicates(session, article_ids)

"""Link passages that repeat, exactly or nearly, across articles (MinHash over 3-grams).

Each body passage of at least MIN_CHARS characters gets a 64-value MinHash signature of
its character 3-grams, stored as 16 band keys of 4 values. Passages sharing a band key
are candidates (for Jaccard 0.8 a pair shares a band with probability > 0.999); each
candidate is then checked with the exact Jaccard similarity, so no pairs are compared
blindly and import stays linear in the new passages.
"""

from __future__ import annotations

import hashlib
import unicodedata
import zlib
from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import numpy.typing as npt
from sqlalchemy import delete, insert, select, tuple_
from sqlalchemy.orm import Session

from annotator.models import Passage, PassageLink, PassageSignature

MIN_CHARS = 20
THRESHOLD = 0.8
SHINGLE = 3
BANDS = 16
ROWS = 4
_PRIME = (1 << 31) - 1
CHUNK = 400


@lru_cache(maxsize=1)
def _permutations() -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.uint64]]:
    # Fixed seed: signatures stored in the database must stay comparable across runs.
    rng = np.random.default_rng(20_26_11_21)
    a = rng.integers(1, _PRIME, BANDS * ROWS, dtype=np.uint64)
    b = rng.integers(0, _PRIME, BANDS * ROWS, dtype=np.uint64)
    return a, b


def shingles(text: str) -> frozenset[int]:
    """Hashes of the character 3-grams of the text's letters and digits (case and width folded)."""
    folded = "".join(ch for ch in unicodedata.normalize("NFKC", text).lower() if ch.isalnum())
    grams = {folded[i : i + SHINGLE] for i in range(len(folded) - SHINGLE + 1)}
    return frozenset(zlib.crc32(g.encode("utf-8")) % _PRIME for g in grams)


def jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    """|a ∩ b| / |a ∪ b| (0 for two empty sets)."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def band_keys(grams: frozenset[int]) -> list[int]:
    """The passage's 16 band keys (signed 64-bit, so both databases store them as BIGINT)."""
    a, b = _permutations()
    values = np.fromiter(grams, dtype=np.uint64, count=len(grams))
    # a, values < 2**31, so a * values + b fits in 64 bits before the modulus.
    signature = ((a[:, None] * values[None, :] + b[:, None]) % _PRIME).min(axis=1)
    keys = []
    for band in range(BANDS):
        chunk = signature[band * ROWS : (band + 1) * ROWS].astype("<u8").tobytes()
        digest = hashlib.blake2b(bytes([band]) + chunk, digest_size=8).digest()
        keys.append(int.from_bytes(digest, "big", signed=True))
    return keys


def _eligible(session: Session, article_ids: Sequence[int]) -> list[tuple[int, int, str]]:
    rows = session.execute(
        select(Passage.id, Passage.article_id, Passage.text).where(
            Passage.article_id.in_(article_ids), Passage.kind == "body"
        )
    )
    return [(pid, aid, text) for pid, aid, text in rows if len(text.strip()) >= MIN_CHARS]


def link_near_duplicates(session: Session, article_ids: Sequence[int]) -> int:
    """Sign these articles' passages and link them to repeats in other articles; returns links."""
    new = [
        row
        for i in range(0, len(article_ids), CHUNK)
        for row in _eligible(session, article_ids[i : i + CHUNK])
    ]
    if not new:
        return 0
    grams = {pid: shingles(text) for pid, _, text in new}
    article_of = {pid: aid for pid, aid, _ in new}
    keys = {pid: band_keys(g) for pid, g in grams.items() if g}
    session.execute(
        insert(PassageSignature),
        [
            {"passage_id": pid, "band": band, "key": key}
            for pid, ks in keys.items()
            for band, key in enumerate(ks)
        ],
    )
    by_key: dict[int, list[int]] = defaultdict(list)
    all_keys = sorted({k for ks in keys.values() for k in ks})
    for i in range(0, len(all_keys), CHUNK):
        rows = session.execute(
            select(PassageSignature.key, PassageSignature.passage_id).where(
                PassageSignature.key.in_(all_keys[i : i + CHUNK])
            )
        )
        for key, pid in rows:
            by_key[key].append(pid)
    candidates = {
        (pid, other) for pid, ks in keys.items() for k in ks for other in by_key[k] if other != pid
    }
    return _verify_and_link(session, candidates, grams, article_of)


def _verify_and_link(
    session: Session,
    candidates: set[tuple[int, int]],
    grams: dict[int, frozenset[int]],
    article_of: dict[int, int],
) -> int:
    missing = sorted({o for _, o in candidates if o not in grams})
    for i in range(0, len(missing), CHUNK):
        rows = session.execute(
            select(Passage.id, Passage.article_id, Passage.text).where(
                Passage.id.in_(missing[i : i + CHUNK])
            )
        )
        for pid, aid, text in rows:
            grams[pid], article_of[pid] = shingles(text), aid
    pairs: dict[tuple[int, int], float] = {}
    for pid, other in candidates:
        if article_of[pid] == article_of[other]:
            continue  # repeats inside one article are the segmenter's duplicate_of
        similarity = jaccard(grams[pid], grams[other])
        if similarity >= THRESHOLD:
            pairs[(pid, other)] = pairs[(other, pid)] = round(similarity, 4)
    if not pairs:
        return 0
    existing: set[tuple[int, int]] = set()
    pair_list = sorted(pairs)
    for i in range(0, len(pair_list), CHUNK):
        linked = session.execute(
            select(PassageLink.passage_id, PassageLink.other_id).where(
                tuple_(PassageLink.passage_id, PassageLink.other_id).in_(pair_list[i : i + CHUNK])
            )
        )
        existing.update(linked)
    rows_to_add = [
        {"passage_id": a, "other_id": b, "similarity": s}
        for (a, b), s in sorted(pairs.items())
        if (a, b) not in existing
    ]
    if rows_to_add:
        session.execute(insert(PassageLink), rows_to_add)
    return len(rows_to_add)


def rebuild_links(session: Session, article_ids: Sequence[int]) -> int:
    """Forget every signature and link, then sign and link these articles from scratch."""
    session.execute(delete(PassageLink))
    session.execute(delete(PassageSignature))
    return link_near_duplicates(session, article_ids)

"""A 50,000-passage export streams: every line comes out and memory does not grow with size.

Memory is the process's resident set, sampled while the export runs: unlike tracemalloc it
also sees what the database driver buffers in C (a PostgreSQL client-side cursor would hold
the whole result there), and it costs nothing between samples.
"""

from __future__ import annotations

import gc
import os
import time
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select

from annotator.extensions import db
from annotator.models import (
    Annotation,
    AnnotationValue,
    Label,
    LabelSet,
    User,
    utcnow,
)
from annotator.services.exporting import ExportOptions, export_lines
from tests.builders.articles import bulk_article

PER_ARTICLE = 500
STATM = Path("/proc/self/statm")
PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
SAMPLE_EVERY = 1000  # lines


def bulk_corpus(first_article: int, articles: int) -> None:
    """Articles of PER_ARTICLE passages; every 10th passage labeled by two editors."""
    session = db.session
    users = [session.scalar(select(User.id).where(User.username == name)) for name in ("u1", "u2")]
    stance = session.scalar(select(LabelSet.id).where(LabelSet.name == "stance"))
    labels = session.scalars(select(Label.id).where(Label.label_set_id == stance)).all()
    now = utcnow()
    next_annotation = (session.scalar(select(func.max(Annotation.id))) or 0) + 1
    for n in range(first_article, first_article + articles):
        ids = bulk_article(db.session, n, PER_ARTICLE, stride=20, length=19)
        annotations, values = [], []
        for i, pid in enumerate(ids[::10]):
            for j, user in enumerate(users):
                annotations.append(
                    {
                        "id": next_annotation,
                        "passage_id": pid,
                        "user_id": user,
                        "label_set_id": stance,
                        "version": 1,
                        "created_at": now,
                        "updated_at": now,
                    }
                )
                values.append(
                    {
                        "annotation_id": next_annotation,
                        "label_id": labels[(i + j * (i % 3 == 0)) % len(labels)],
                    }
                )
                next_annotation += 1
        session.execute(insert(Annotation), annotations)
        session.execute(insert(AnnotationValue), values)
    session.commit()


def resident() -> int:
    return int(STATM.read_text().split()[1]) * PAGE


def measure(options: ExportOptions) -> tuple[int, int, float]:
    """(lines, growth of the resident set over its value at the start, seconds)."""
    db.session.expire_all()
    gc.collect()
    before = peak = resident()
    started = time.perf_counter()
    lines = 0
    for chunk in export_lines(db.session, options):
        lines += chunk.count("\n")
        if lines % SAMPLE_EVERY == 0:
            peak = max(peak, resident())
    seconds = time.perf_counter() - started
    return lines, max(peak, resident()) - before, seconds


@pytest.mark.slow
@pytest.mark.skipif(not STATM.exists(), reason="reads the resident set from /proc (Linux)")
def test_fifty_thousand_passages_stream_in_flat_memory(app):
    from annotator.services.users import create_user

    for name in ("u1", "u2"):
        create_user(db.session, name, "correct-horse-battery")
    bulk_corpus(0, 20)  # 10,000 passages
    measure(ExportOptions())  # warm caches (compiled statements, jieba-free code paths)
    small_lines, small_growth, _ = measure(ExportOptions())
    bulk_corpus(20, 80)  # 50,000 in all
    lines, growth, seconds = measure(ExportOptions())
    assert (small_lines, lines) == (10_000, 50_000)
    # Holding the rows would cost well over 50 MB here; streaming costs about one chunk.
    assert growth < small_growth + 8 * 2**20, (small_growth, growth)
    print(
        f"\n50k passages in {seconds:.1f}s; resident set grew {growth / 2**20:.1f} MB "
        f"(10k: {small_growth / 2**20:.1f} MB)"
    )

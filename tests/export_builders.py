"""Builders for export tests: seeded or hand-made articles, users, annotations, notes, gold."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import insert, select

from annotator.extensions import db
from annotator.models import (
    Annotation,
    AnnotationValue,
    Article,
    GoldAnnotation,
    GoldSpan,
    GoldValue,
    Label,
    LabelSet,
    Note,
    Passage,
    Span,
    User,
)
from annotator.services.importing import collect_paths, import_file
from annotator.services.importing.store import ImportOptions
from annotator.services.passage_state import refresh_passage_states
from annotator.services.tokenizer import get_tokenizer
from annotator.services.users import create_user
from tests.conftest import SEEDS

T0 = datetime(2024, 5, 1, 8, 30, 0, 123456, tzinfo=UTC)
T1 = datetime(2024, 5, 2, 9, 0, 0, tzinfo=UTC)
T2 = datetime(2024, 5, 3, 10, 15, 30, 5, tzinfo=UTC)


def import_seeds() -> None:
    """Import the five seed articles (in file order) into the current session."""
    tokenizer = get_tokenizer(db.session)
    for path in collect_paths([SEEDS]):
        import_file(db.session, path, tokenizer, ImportOptions())


def make_users(*names: str, role: str = "editor") -> dict[str, User]:
    return {n: create_user(db.session, n, "correct-horse-battery", role=role) for n in names}


def _set(name: str) -> LabelSet:
    return db.session.scalars(select(LabelSet).where(LabelSet.name == name)).one()


def _label(label_set: LabelSet, name: str) -> Label:
    return next(label for label in label_set.labels if label.name == name)


def annotate(
    passage: Passage,
    user: User,
    set_name: str,
    values: Iterable[str] = (),
    spans: Iterable[tuple[int, int, str]] = (),
    *,
    created: datetime = T0,
    updated: datetime | None = None,
    codebook_version: int | None = 1,
    links: dict[tuple[int, int, str], tuple[str | None, tuple[int, int] | None]] | None = None,
) -> Annotation:
    """Store one annotation row with its values or spans, as the tagging screen would.

    `links`: span -> (the holder's own stance, the (start, end) of an evidence's holder).
    """
    label_set = _set(set_name)
    annotation = Annotation(
        passage_id=passage.id,
        user_id=user.id,
        label_set_id=label_set.id,
        codebook_version=codebook_version,
        created_at=created,
        updated_at=updated or created,
    )
    annotation.values = [AnnotationValue(label_id=_label(label_set, v).id) for v in values]
    annotation.spans = [
        Span(label_id=_label(label_set, label).id, start=s, end=e) for s, e, label in spans
    ]
    db.session.add(annotation)
    db.session.flush()
    names = {label.id: label.name for label in label_set.labels}
    by_key = {(r.start, r.end, names[r.label_id]): r for r in annotation.spans}
    for key, (stance, holder) in (links or {}).items():
        row = by_key[key]
        row.stance_label_id = _label(_set("stance"), stance).id if stance else None
        row.holder_span_id = by_key[(*holder, "holder")].id if holder else None
    db.session.flush()
    # Rows written by hand, so the maintained state is refreshed as the label writer would.
    refresh_passage_states(db.session, [passage.id])
    return annotation


def write_note(passage: Passage, user: User, text: str, at: datetime = T1) -> Note:
    note = Note(passage_id=passage.id, user_id=user.id, text=text, created_at=at, updated_at=at)
    db.session.add(note)
    db.session.flush()
    return note


def settle(
    passage: Passage,
    reviewer: User,
    set_name: str,
    values: Iterable[str] = (),
    spans: Iterable[tuple[int, int, str]] = (),
    state: str = "settled",
    reason: str = "",
    at: datetime = T2,
) -> GoldAnnotation:
    label_set = _set(set_name)
    gold = GoldAnnotation(
        passage_id=passage.id,
        label_set_id=label_set.id,
        reviewer_id=reviewer.id,
        state=state,
        reason=reason,
        created_at=at,
        updated_at=at,
    )
    gold.values = [GoldValue(label_id=_label(label_set, v).id) for v in values]
    gold.spans = [
        GoldSpan(label_id=_label(label_set, label).id, start=s, end=e) for s, e, label in spans
    ]
    db.session.add(gold)
    db.session.flush()
    refresh_passage_states(db.session, [passage.id])
    return gold


def body_passages() -> list[Passage]:
    """Body passages in export order."""
    return list(
        db.session.scalars(
            select(Passage)
            .where(Passage.kind == "body")
            .order_by(Passage.article_id, Passage.index)
        )
    )


def tag_corpus() -> dict[str, User]:
    """A small, fixed labeling of the seeds covering every status, notes and spans."""
    import_seeds()
    users = make_users("ann", "bob")
    users |= make_users("rev", role="reviewer")
    p = body_passages()
    ann, bob, rev = users["ann"], users["bob"], users["rev"]
    # single
    annotate(p[0], ann, "stance", ["for_open_release"])
    annotate(p[0], ann, "bias_attribution", ["data", "researchers"], updated=T2)
    annotate(p[0], ann, "spans", spans=[(0, 2, "holder"), (1, 4, "evidence")])
    write_note(p[0], ann, "引用了研究者的话")
    # agreed, with one shared span and one only ann marked
    for user in (ann, bob):
        annotate(p[1], user, "stance", ["against_open_release"], created=T1)
    annotate(p[1], ann, "spans", spans=[(0, 3, "evidence"), (4, 6, "holder")], created=T1)
    annotate(p[1], bob, "spans", spans=[(0, 3, "evidence")], created=T2)
    # conflict
    annotate(p[2], ann, "stance", ["neutral_or_mixed"])
    annotate(p[2], bob, "stance", ["not_about_release"])
    # conflict settled by a reviewer on stance only; bias stays the annotators' agreed []
    annotate(p[3], ann, "stance", ["for_open_release"])
    annotate(p[3], bob, "stance", ["neutral_or_mixed"])
    settle(p[3], rev, "stance", ["neutral_or_mixed"], reason="署名行：编辑的立场不明")
    # a reopened gold decision is not gold
    annotate(p[4], bob, "stance", ["for_open_release"])
    settle(p[4], rev, "stance", ["against_open_release"], state="reopened")
    # a note alone, and a cleared annotation: neither makes a labeled passage
    write_note(p[5], bob, "看不懂")
    annotate(p[6], bob, "stance", [])
    db.session.commit()
    return users


@pytest.fixture
def tagged(app):  # type: ignore[no-untyped-def]
    """The seeds with the fixed labeling of tag_corpus()."""
    return tag_corpus()


def add_article(
    text: str,
    passages: list[tuple[str, str]],
    *,
    title: str,
    source: str | None = None,
    published: tuple[int, int, int] | None = None,
    precision: str | None = None,
    segmenter: str = "test-seg-1",
) -> list[Passage]:
    """Insert an article whose passages are the given (text, kind) pieces, found in order."""
    import hashlib
    from datetime import date

    from annotator.models import Article

    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    article = Article(
        content_hash=digest,
        title=title,
        source=source,
        published=date(*published) if published else None,
        published_precision=precision,
        text=text,
        segmenter_version=segmenter,
    )
    db.session.add(article)
    db.session.flush()
    rows, cursor = [], 0
    for index, (piece, kind) in enumerate(passages):
        start = text.index(piece, cursor)
        cursor = start + len(piece)
        rows.append(
            Passage(
                uid=f"{digest[:16]}-{start}-{cursor}",
                article_id=article.id,
                index=index,
                start=start,
                end=cursor,
                kind=kind,
                text=piece,
            )
        )
    db.session.add_all(rows)
    db.session.flush()
    return rows


def golden_articles() -> tuple[list[Passage], list[Passage]]:
    """Two articles inserted directly (independent of the segmenter), without labels."""
    a = add_article(
        "开源模型的讨论。\n\n杨立昆说：应该开源。\n\n也有人担心被滥用。\n\n编辑：文强\n\n本文来源：新智元",
        [
            ("开源模型的讨论。", "body"),
            ("杨立昆说：应该开源。", "body"),
            ("也有人担心被滥用。", "body"),
            ("编辑：文强", "body"),
            ("本文来源：新智元", "boilerplate"),
        ],
        title="开源模型的讨论",
        source="新智元",
        published=(2019, 2, 22),
        precision="day",
    )
    b = add_article(
        "数据偏差导致模型歧视😀，研究者有责任。\n与开源无关的一句话。",
        [("数据偏差导致模型歧视😀，研究者有责任。", "body"), ("与开源无关的一句话。", "body")],
        title="偏差",
        published=(2020, 5, 1),
        precision="month",
        segmenter="test-seg-2",
    )
    return a, b


def golden_corpus() -> dict[str, User]:
    """The golden articles with a labeling that covers every status, span and note case."""
    a, b = golden_articles()
    users = make_users("ann", "bob")
    users |= make_users("rev", role="reviewer")
    ann, bob, rev = users["ann"], users["bob"], users["rev"]
    annotate(a[0], ann, "stance", ["for_open_release"])
    write_note(a[0], ann, "标题也算")
    for user, created in ((ann, T1), (bob, T2)):
        annotate(a[1], user, "stance", ["for_open_release"], created=created)
    annotate(
        a[1], ann, "spans", spans=[(0, 3, "holder"), (4, 9, "evidence")], created=T1,
        links={(0, 3, "holder"): ("for_open_release", None), (4, 9, "evidence"): (None, (0, 3))},
    )  # fmt: skip
    annotate(
        a[1], bob, "spans", spans=[(0, 3, "holder")], created=T2,
        links={(0, 3, "holder"): ("for_open_release", None)},
    )  # fmt: skip
    annotate(a[2], ann, "stance", ["against_open_release"])
    annotate(a[2], bob, "stance", ["neutral_or_mixed"], codebook_version=2)
    annotate(a[3], ann, "stance", ["for_open_release"])
    annotate(a[3], bob, "stance", ["neutral_or_mixed"])
    settle(a[3], rev, "stance", ["neutral_or_mixed"])
    settle(a[3], rev, "spans", spans=[(0, 2, "evidence")])
    for user in (ann, bob):
        annotate(b[0], user, "stance", ["neutral_or_mixed"], created=T1, updated=T2)
        annotate(b[0], user, "bias_attribution", ["researchers", "data"], created=T1)
        annotate(b[0], user, "spans", spans=[(12, 15, "holder")], created=T1)
    write_note(b[1], bob, "无关", at=T2)
    db.session.commit()
    return users


@pytest.fixture
def golden(app):  # type: ignore[no-untyped-def]
    """The golden corpus."""
    return golden_corpus()


PASSWORD = "correct-horse-battery"

from tests.conftest import fresh_g_per_request  # noqa: E402,F401  (kept importable here)


def sign_in_client(client, username: str) -> None:  # type: ignore[no-untyped-def]
    """Sign a test client in through the form (CSRF is off in the default test config)."""
    response = client.post("/login", data={"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]


BULK_FILLER = "开源模型的讨论：研究者认为公开权重有助于复现，也有人担心被滥用。" * 3


def bulk_article(
    n: int,
    passages: int,
    *,
    stride: int,
    length: int,
    published: date | None = None,
    precision: str | None = None,
) -> list[int]:
    """One article of `passages` body passages inserted in bulk (no pipeline, no labels).

    For tests that need tens of thousands of passages: offsets step by `stride`, each passage
    `length` long (the text is filler: these tests are about volume, not offsets).
    """
    session = db.session
    digest = hashlib.sha256(f"article {n}".encode()).hexdigest()
    article = {
        "content_hash": digest,
        "title": f"文章 {n}",
        "text": "x",
        "meta": {},
        "segmenter_version": "bulk",
        "created_at": datetime.now(UTC),
    }
    if published is not None:
        article |= {"published": published, "published_precision": precision}
    article_id = session.execute(insert(Article).returning(Article.id), [article]).scalar_one()
    rows = [
        {
            "uid": f"{digest[:16]}-{i}",
            "article_id": article_id,
            "index": i,
            "start": i * stride,
            "end": i * stride + length,
            "kind": "body",
            "text": f"第{n}篇第{i}段：{BULK_FILLER}",
            "search_text": "",
        }
        for i in range(passages)
    ]
    return list(session.execute(insert(Passage).returning(Passage.id), rows).scalars())

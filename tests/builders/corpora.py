"""The fixed labelings export tests compare against: the seeds' and the golden articles'."""

from __future__ import annotations

import pytest

from annotator.extensions import db
from annotator.models import Passage, User
from tests.builders.articles import add_article, body_passages, import_seeds
from tests.builders.labels import T1, T2, annotate, settle, write_note
from tests.builders.users import make_users


def tag_corpus() -> dict[str, User]:
    """A small, fixed labeling of the seeds covering every status, notes and spans."""
    session = db.session
    import_seeds(session)
    users = make_users(session, "ann", "bob") | make_users(session, "rev", role="reviewer")
    p = body_passages(session)
    ann, bob, rev = users["ann"], users["bob"], users["rev"]
    # single
    annotate(session, p[0], ann, "stance", ["for_open_release"])
    annotate(session, p[0], ann, "bias_attribution", ["data", "researchers"], updated=T2)
    annotate(session, p[0], ann, "spans", spans=[(0, 2, "holder"), (1, 4, "evidence")])
    write_note(session, p[0], ann, "引用了研究者的话")
    # agreed, with one shared span and one only ann marked
    for user in (ann, bob):
        annotate(session, p[1], user, "stance", ["against_open_release"], created=T1)
    annotate(session, p[1], ann, "spans", spans=[(0, 3, "evidence"), (4, 6, "holder")], created=T1)
    annotate(session, p[1], bob, "spans", spans=[(0, 3, "evidence")], created=T2)
    # conflict
    annotate(session, p[2], ann, "stance", ["neutral_or_mixed"])
    annotate(session, p[2], bob, "stance", ["not_about_release"])
    # conflict settled by a reviewer on stance only; bias stays the annotators' agreed []
    annotate(session, p[3], ann, "stance", ["for_open_release"])
    annotate(session, p[3], bob, "stance", ["neutral_or_mixed"])
    settle(session, p[3], rev, "stance", ["neutral_or_mixed"], reason="署名行：编辑的立场不明")
    # a reopened gold decision is not gold
    annotate(session, p[4], bob, "stance", ["for_open_release"])
    settle(session, p[4], rev, "stance", ["against_open_release"], state="reopened")
    # a note alone, and a cleared annotation: neither makes a labeled passage
    write_note(session, p[5], bob, "看不懂")
    annotate(session, p[6], bob, "stance", [])
    session.commit()
    return users


@pytest.fixture
def tagged(app):  # type: ignore[no-untyped-def]
    """The seeds with the fixed labeling of tag_corpus()."""
    return tag_corpus()


def golden_articles() -> tuple[list[Passage], list[Passage]]:
    """Two articles inserted directly (independent of the segmenter), without labels."""
    session = db.session
    a = add_article(
        session,
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
        session,
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
    session = db.session
    a, b = golden_articles()
    users = make_users(session, "ann", "bob") | make_users(session, "rev", role="reviewer")
    ann, bob, rev = users["ann"], users["bob"], users["rev"]
    annotate(session, a[0], ann, "stance", ["for_open_release"])
    write_note(session, a[0], ann, "标题也算")
    for user, created in ((ann, T1), (bob, T2)):
        annotate(session, a[1], user, "stance", ["for_open_release"], created=created)
    annotate(
        session,
        a[1],
        ann,
        "spans",
        spans=[(0, 3, "holder"), (4, 9, "evidence")],
        created=T1,
        links={(0, 3, "holder"): ("for_open_release", None), (4, 9, "evidence"): (None, (0, 3))},
    )
    annotate(
        session,
        a[1],
        bob,
        "spans",
        spans=[(0, 3, "holder")],
        created=T2,
        links={(0, 3, "holder"): ("for_open_release", None)},
    )
    annotate(session, a[2], ann, "stance", ["against_open_release"])
    annotate(session, a[2], bob, "stance", ["neutral_or_mixed"], codebook_version=2)
    annotate(session, a[3], ann, "stance", ["for_open_release"])
    annotate(session, a[3], bob, "stance", ["neutral_or_mixed"])
    settle(session, a[3], rev, "stance", ["neutral_or_mixed"])
    settle(session, a[3], rev, "spans", spans=[(0, 2, "evidence")])
    for user in (ann, bob):
        annotate(session, b[0], user, "stance", ["neutral_or_mixed"], created=T1, updated=T2)
        annotate(session, b[0], user, "bias_attribution", ["researchers", "data"], created=T1)
        annotate(session, b[0], user, "spans", spans=[(12, 15, "holder")], created=T1)
    write_note(session, b[1], bob, "无关", at=T2)
    session.commit()
    return users


@pytest.fixture
def golden(app):  # type: ignore[no-untyped-def]
    """The golden corpus."""
    return golden_corpus()


@pytest.fixture
def seeded(app):  # type: ignore[no-untyped-def]
    """The five seed articles imported."""
    import_seeds(db.session)
    db.session.commit()
    return app

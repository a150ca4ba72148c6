"""The roll-up gives each holder its own stance where one is set, else its passage's."""

from __future__ import annotations

from sqlalchemy import delete

from annotator.extensions import db
from annotator.models import HolderAlias
from annotator.services.annotating import SpanInput, find_label_set, load_vocabulary, save_spans
from annotator.services.rollup import article_lines, rollup_articles
from tests.builders.articles import import_article
from tests.builders.labels import tag
from tests.builders.users import make_user

TEXT = """开源之争

OpenAI 拒绝公开模型,杨立昆批评这个决定,网友嘲讽 CloseAI。

LeCun 又说:那是不是该别生孩子了?
"""


def _holders(passage, who, holders, evidence=None):
    vocabulary = load_vocabulary(db.session)
    spans = []
    for text, stance in holders:
        start = passage.text.index(text)
        spans.append(SpanInput(start, start + len(text), "holder", stance))
    if evidence:
        text, holder_text = evidence
        start, h = passage.text.index(text), passage.text.index(holder_text)
        spans.append(
            SpanInput(start, start + len(text), "evidence", None, (h, h + len(holder_text)))
        )
    save_spans(
        db.session,
        passage,
        who.id,
        find_label_set(vocabulary, "spans"),
        spans,
        None,
        vocabulary.sets["stance"],
    )


def _scenario():
    db.session.execute(delete(HolderAlias))
    db.session.add(HolderAlias(alias="杨立昆", canonical="LeCun"))
    article = import_article(db.session, TEXT, name="holders.txt")
    mixed, lecun = article.passages[1], article.passages[2]
    alice = make_user(db.session, "alice")
    tag(db.session, mixed, alice, stance="neutral_or_mixed")
    _holders(
        mixed,
        alice,
        [("OpenAI", "against_open_release"), ("杨立昆", "for_open_release"), ("网友", None)],
        evidence=("批评这个决定", "杨立昆"),
    )
    tag(db.session, lecun, alice, stance="for_open_release")
    _holders(lecun, alice, [("LeCun", None)])
    db.session.commit()
    return article


def test_each_holder_keeps_its_own_stance_and_says_where_it_came_from(app):
    article = _scenario()
    holders = {h.name: h for h in rollup_articles(db.session)[article.id].holders}
    assert set(holders) == {"LeCun", "OpenAI", "网友"}
    # 杨立昆 and LeCun are one holder: own stance in one passage, the passage's in the other.
    assert holders["LeCun"].passages == 2
    assert holders["LeCun"].stances == {"for_open_release": 2}
    assert holders["LeCun"].stance_sources == {
        "holder": {"for_open_release": 1},
        "passage": {"for_open_release": 1},
    }
    assert holders["LeCun"].main_source == "both"
    # In the same passage OpenAI holds its own stance, not the passage's neutral one.
    assert holders["OpenAI"].stances == {"against_open_release": 1}
    assert holders["OpenAI"].main_source == "holder"
    assert holders["网友"].stances == {"neutral_or_mixed": 1}
    assert holders["网友"].main_source == "passage"


def test_articles_jsonl_carries_the_stance_sources(app):
    import json

    article = _scenario()
    line = next(json.loads(x) for x in article_lines(db.session) if article.uid in x)
    openai = next(h for h in line["holders"] if h["name"] == "OpenAI")
    assert openai == {
        "name": "OpenAI",
        "passages": 1,
        "stances": {"against_open_release": 1},
        "stance_sources": {"holder": {"against_open_release": 1}, "passage": {}},
    }

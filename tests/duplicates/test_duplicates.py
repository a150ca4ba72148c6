"""Repeated passages across articles are linked at import, both ways, without all-pairs work."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from annotator.extensions import db
from annotator.models import PassageLink, PassageSignature
from annotator.services.duplicates import band_keys, jaccard, rebuild_links, shingles
from annotator.services.suggestions import also_in
from tests.builders.articles import import_text, passage_with
from tests.builders.labels import annotate
from tests.builders.users import make_user

WIRE = (
    "OpenAI宣布他们开发了一个通用文本生成模型GPT-2,拥有15亿参数,"
    "使用了800万网页进行训练,但担心模型太过强大而决定不公开完整模型。"
)
EDITED = WIRE.replace("但担心", "不过担心")  # a sub-editor's touch


def _links() -> set[tuple[int, int]]:
    return set(db.session.execute(select(PassageLink.passage_id, PassageLink.other_id)).all())


def test_the_edited_copy_is_near_but_not_equal():
    assert 0.8 <= jaccard(shingles(WIRE), shingles(EDITED)) < 1.0


def test_identical_and_nearly_identical_passages_are_linked_both_ways(app):
    import_text(db.session, "a.txt", f"甲报道\n\n{WIRE}\n\n甲的独家评论,与别处不同的一段文字。")
    import_text(db.session, "b.txt", f"乙报道\n\n{WIRE}\n\n乙自己的结尾段落,讲的是另一件事情。")
    import_text(db.session, "c.txt", f"丙报道\n\n{EDITED}")
    db.session.commit()
    a, b, c = (passage_with(db.session, s) for s in ("甲报道", "乙报道", "丙报道"))
    wire_a = passage_with(db.session, WIRE)
    wires = [p for p in db.session.scalars(select(PassageLink.passage_id))]
    assert len(set(wires)) == 3
    links = _links()
    assert all((y, x) in links for x, y in links)  # symmetric
    # A star: both later copies link to the first occurrence, not to each other.
    assert {x for x, y in links if y == wire_a.id} == set(wires) - {wire_a.id}
    assert len(links) == 4
    similarity = {(x, y): s for x, y, s in db.session.execute(select(PassageLink.__table__))}
    assert 0.8 <= min(similarity.values()) < 1.0 == max(similarity.values())
    others = also_in(db.session, wire_a.id)
    assert {o["article_id"] for o in others} == {b.article_id, c.article_id}
    assert others[0]["similarity"] == 1.0
    assert others[0]["url"].startswith(f"/articles/{b.article_id}#p-")
    assert a.article_id not in {o["article_id"] for o in others}


def test_a_copy_sees_the_first_occurrence_and_its_siblings(app):
    for name in "abcde":
        import_text(db.session, f"{name}.txt", f"报道{name}\n\n{WIRE}")
    db.session.commit()
    wire_ids = sorted(db.session.scalars(select(PassageLink.passage_id).distinct()))
    first, *copies = wire_ids
    assert len(copies) == 4
    assert _links() == {(c, first) for c in copies} | {(first, c) for c in copies}
    # Only the first occurrence keeps a signature: later copies meet one candidate per band.
    signed = set(db.session.scalars(select(PassageSignature.passage_id).distinct()))
    assert first in signed and not signed & set(copies)
    seen = {o["passage_id"] for o in also_in(db.session, copies[2])}
    assert seen == set(wire_ids) - {copies[2]}


def test_different_short_and_same_article_passages_are_not_linked(app):
    short = "短句重复了。"
    import_text(db.session, "a.txt", f"标题A\n\n{short}\n\n{WIRE}\n\n{WIRE}")
    other = "完全不同的一段话,讲的是卷积神经网络的发明和开源的历史。"
    import_text(db.session, "b.txt", f"标题B\n\n{short}\n\n{other}")
    db.session.commit()
    assert _links() == set()  # repeats inside one article are duplicate_of, short ones ignored


def test_reimport_changes_nothing_and_rebuild_gives_the_same_links(app):
    import_text(db.session, "a.txt", f"甲\n\n{WIRE}")
    import_text(db.session, "b.txt", f"乙\n\n{EDITED}")
    import_text(db.session, "b.txt", f"乙\n\n{EDITED}")  # unchanged
    db.session.commit()
    before = _links()
    assert len(before) == 2
    ids = sorted({aid for aid in db.session.scalars(select(PassageSignature.passage_id))})
    assert ids
    from annotator.models import Article

    rebuild_links(db.session, list(db.session.scalars(select(Article.id))))
    db.session.commit()
    assert _links() == before
    bands = db.session.scalar(select(func.count()).select_from(PassageSignature))
    assert bands == 16  # the first occurrence alone is signed; its copy links to it


ALPHABET = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龙飞"  # noqa: E501


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=0, max_value=10**6))
def test_minhash_finds_pairs_above_the_threshold_whatever_the_text(seed):
    rng = random.Random(seed)
    base = "".join(rng.choice(ALPHABET) for _ in range(120))
    near = list(base)
    for _ in range(2):  # two edits in 120 characters: Jaccard well above 0.8
        near[rng.randrange(len(near))] = rng.choice(ALPHABET)
    a, b = shingles(base), shingles("".join(near))
    assert jaccard(a, b) >= 0.8
    assert set(band_keys(a)) & set(band_keys(b))  # they share a band: candidates
    other = shingles("".join(rng.choice(ALPHABET) for _ in range(120)))
    assert jaccard(a, other) < 0.3


def test_shingles_ignore_case_width_and_punctuation():
    assert list(shingles("GPT-2,开源!")) == list(shingles("ｇｐｔ２ 开源"))


def test_reviewer_sees_pairs_with_labels_side_by_side(app, client):
    import_text(db.session, "a.txt", f"甲\n\n{WIRE}")
    import_text(db.session, "b.txt", f"乙\n\n{WIRE}")
    rev = make_user(db.session, "rev", "reviewer")
    one, two = [p for p in _wire_passages()]
    annotate(db.session, one, rev, "stance", ["against_open_release"])
    annotate(db.session, two, rev, "stance", ["for_open_release"])
    db.session.commit()
    client.post("/login", data={"username": "rev", "password": "correct-horse-battery"})
    html = client.get("/duplicates").get_data(as_text=True)
    assert "verdict-different" in html and html.count(WIRE) == 2
    assert "反对公开/开源" in html and "支持公开/开源" in html
    assert "verdict-different" not in client.get("/duplicates?only=same").get_data(as_text=True)


def _wire_passages():  # type: ignore[no-untyped-def]
    from annotator.models import Passage

    return db.session.scalars(select(Passage).where(Passage.text == WIRE).order_by(Passage.id))

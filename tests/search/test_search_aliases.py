"""A holder's alias finds the passages naming the holder, on both databases."""

from __future__ import annotations

from sqlalchemy import select

from annotator.extensions import db
from annotator.models import HolderAlias, Passage
from annotator.services.search import search_passages
from annotator.services.tokenizer import get_tokenizer


def _texts(query: str) -> set[str]:
    page = search_passages(db.session, get_tokenizer(db.session), query, per_page=100)
    return {hit.text for hit in page.hits}


def test_the_chinese_name_finds_every_passage_naming_lecun(seeded):
    if db.session.scalar(select(HolderAlias).where(HolderAlias.alias == "杨立昆")) is None:
        db.session.add(HolderAlias(alias="杨立昆", canonical="Yann LeCun"))
        db.session.add(HolderAlias(alias="LeCun", canonical="Yann LeCun"))
        db.session.flush()
    lecun = {t for t in db.session.scalars(select(Passage.text)) if "lecun" in t.lower()}
    assert lecun
    assert _texts("杨立昆") == lecun == _texts("LeCun")
    # With another word, both must still occur.
    assert _texts("杨立昆 开源") == {t for t in lecun if "开源" in t}

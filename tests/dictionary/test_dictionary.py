"""The newsroom dictionary changes snapping and search, and every change is an event."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from annotator.extensions import db
from annotator.models import Article, Event
from annotator.services import wordlists
from annotator.services.search import index_state, reindex_articles, search_passages
from annotator.services.search.reindex import stale_article_ids
from annotator.services.tokenizer import get_tokenizer
from tests.builders.articles import import_text

FACTIONS = "开源派和保密派争论不休"
UNRELATED = "开源模型被派往各地的机房"


def _found(query: str) -> set[str]:
    page = search_passages(db.session, get_tokenizer(db.session), query, per_page=100)
    return {hit.text for hit in page.hits}


def _reindex() -> int:
    tokenizer = get_tokenizer(db.session)
    changed = reindex_articles(db.session, tokenizer, stale_article_ids(db.session, tokenizer))
    db.session.commit()
    return changed


def test_adding_a_word_changes_snapping_and_search(app):
    import_text(db.session, "factions.txt", f"派系\n\n{FACTIONS}\n\n{UNRELATED}")
    db.session.commit()
    before = get_tokenizer(db.session)
    assert before.snap(FACTIONS, 0, 1) == (0, 2)  # 开源 | 派
    # Without the word, 开源派 is two words that may occur apart.
    assert _found("开源派") == {FACTIONS, UNRELATED}

    wordlists.add_dictionary_word(db.session, "开源派", 20000, "n")
    db.session.commit()
    after = get_tokenizer(db.session)
    assert after.version != before.version
    assert after.snap(FACTIONS, 0, 1) == (0, 3)
    assert index_state(db.session, after).stale == 1
    assert _reindex() >= 1
    assert index_state(db.session, after).stale == 0
    assert _found("开源派") == {FACTIONS}
    assert _found("开源") == {FACTIONS, UNRELATED}  # sub-words keep the shorter word findable
    article = db.session.scalar(select(Article))
    assert article.segmenter_version.endswith(f"+{after.version}+idx1")

    wordlists.remove_dictionary_word(db.session, "开源派")
    db.session.commit()
    assert get_tokenizer(db.session).snap(FACTIONS, 0, 1) == (0, 2)
    _reindex()
    assert _found("开源派") == {FACTIONS, UNRELATED}


def test_dictionary_changes_are_events_and_bad_input_is_refused(app):
    wordlists.add_dictionary_word(db.session, " 新词 ", 5, "nz", actor_id=None)
    db.session.commit()
    with pytest.raises(wordlists.WordListError, match="already"):
        wordlists.add_dictionary_word(db.session, "新词")
    for word, freq, tag, field in [
        ("", None, None, "word"),
        ("a\tb", None, None, "word"),
        ("x" * 101, None, None, "word"),
        ("词", 0, None, "freq"),
        ("词", None, "n1", "tag"),
    ]:
        with pytest.raises(wordlists.WordListError) as info:
            wordlists.add_dictionary_word(db.session, word, freq, tag)
        assert info.value.field == field
    with pytest.raises(wordlists.WordListError, match="not in the dictionary"):
        wordlists.remove_dictionary_word(db.session, "没有")
    wordlists.remove_dictionary_word(db.session, "新词")
    db.session.commit()
    events = db.session.execute(
        select(Event.action, Event.before, Event.after)
        .where(Event.entity == "dictionary_word")
        .order_by(Event.id)
    ).all()
    assert [e.action for e in events] == ["dictionary.add", "dictionary.remove"]
    assert events[0].after == {"word": "新词", "freq": 5, "tag": "nz"}
    assert events[1].before == events[0].after


def test_shipped_words_are_listed_and_cannot_be_removed_here(app):
    entries = wordlists.list_dictionary(db.session)
    shipped = [e.word for e in entries if e.shipped]
    assert "卷积神经网络" in shipped and "LeCun" in shipped
    with pytest.raises(wordlists.WordListError, match="shipped"):
        wordlists.remove_dictionary_word(db.session, "卷积神经网络")


def test_aliases_and_cue_words_keep_events(app):
    wordlists.add_alias(db.session, "小扎", "Mark Zuckerberg")
    with pytest.raises(wordlists.WordListError, match="already means"):
        wordlists.add_alias(db.session, "小扎", "Someone Else")
    cue = wordlists.add_cue_word(db.session, "闭源", "against_open_release")
    with pytest.raises(wordlists.WordListError, match="unknown label"):
        wordlists.add_cue_word(db.session, "闭源", "no_such_label")
    wordlists.remove_cue_word(db.session, cue.id)
    wordlists.remove_alias(db.session, "小扎")
    db.session.commit()
    actions = db.session.scalars(
        select(Event.action)
        .where(Event.entity.in_(["holder_alias", "cue_word"]))
        .order_by(Event.id)
    ).all()
    assert actions == ["alias.add", "cue.add", "cue.remove", "alias.remove"]

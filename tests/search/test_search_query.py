"""Full-text search on both databases: the seeds' words, variants, filters, hostile input."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select

from annotator.extensions import db
from annotator.models import Article, Passage
from annotator.services.search import QueryError, SearchFilters, search_passages
from annotator.services.tokenizer import get_tokenizer
from annotator.services.visibility import Viewer
from tests.builders.articles import import_text, passage_with
from tests.builders.labels import annotate
from tests.builders.users import make_user


def _search(query: str, **kwargs):  # type: ignore[no-untyped-def]
    kwargs.setdefault("per_page", 100)
    return search_passages(db.session, get_tokenizer(db.session), query, **kwargs)


def _texts(query: str, **kwargs) -> list[str]:  # type: ignore[no-untyped-def]
    return [hit.text for hit in _search(query, **kwargs).hits]


def _containing(*fragments: str) -> set[str]:
    """Texts of every passage containing any fragment, ignoring Latin case."""
    texts = db.session.scalars(select(Passage.text))
    return {t for t in texts if any(f.lower() in t.lower() for f in fragments)}


def test_bias_finds_every_passage_with_the_word_even_inside_longer_words(seeded):
    texts = _texts("偏见")
    # Seed 001 is about PULSE's bias; seed 000 mentions biased "filter" systems once.
    assert any("有网友质疑该方法生成结果存在偏见" in t for t in texts)
    assert any("以及有偏见的“过滤”系统" in t for t in texts)
    # jieba keeps 无偏见 as one word: the index's sub-words still find it.
    assert any("不是无偏见,而是透明度" in t for t in texts)
    assert set(texts) == _containing("偏见")


def test_open_source_finds_open_source_and_not_open_source(seeded):
    texts = _texts("开源")
    assert any("我还该不该开源CNN" in t for t in texts)  # seed 000's title
    assert any("担心模型太强大而不开源" in t for t in texts)  # 不开源 inside
    assert any("给开源社区做贡献" in t for t in texts)  # seed 004, the speech
    assert set(texts) == _containing("开源")


def test_latin_names_match_whatever_their_case(seeded):
    texts = _texts("LeCun")
    assert any("Yann LeCun今天在Twitter上提问" in t for t in texts)
    assert any("你知道这个年轻人Yann LeCun吗" in t for t in texts)
    assert any("Yann Lecun" in t for t in texts)  # seed 000 spells it with a small c
    assert set(texts) == _containing("lecun")
    assert set(_texts("lecun")) == set(texts) == set(_texts("LECUN"))


def test_gpt2_matches_with_its_hyphen_and_only_gpt2(seeded):
    texts = _texts("GPT-2")
    assert any("OpenAI近日宣称他们研究出一个GPT-2的NLP模型" in t for t in texts)
    assert any("从OpenAI公布的统计数据中可以看出,GPT-2不仅仅是" in t for t in texts)
    assert set(texts) == _containing("GPT-2")
    assert set(_texts("gpt-2")) == set(texts) == set(_texts("GPT－２"))  # full-width too


def test_results_are_ranked_and_highlighted(seeded):
    page = _search("偏见")
    scores = [hit.score for hit in page.hits]
    assert scores == sorted(scores, reverse=True)
    assert page.total == len(page.hits)
    assert all("<mark>偏见</mark>" in str(hit.snippet) for hit in page.hits)


def _statements(run):  # type: ignore[no-untyped-def]
    """(what `run()` returns, the statements it ran)."""
    from sqlalchemy import event

    statements: list[str] = []

    def seen(conn, cursor, statement, *args):  # type: ignore[no-untyped-def]
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        return run(), statements
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)


def _ranking(statements: list[str]) -> list[str]:
    return [s for s in statements if "bm25(" in s or "ts_rank(" in s]


def _matching(statements: list[str]) -> list[str]:
    return [s for s in statements if "passage_fts" in s or "search_vector" in s]


def test_the_total_counts_every_match_on_every_page_ranking_once_per_page(seeded):
    everything = _search("开源")  # per_page 100: every match on one page
    every = everything.total
    assert every == len(everything.hits) > 6 and not everything.has_next
    (first, second), statements = _statements(
        lambda: (_search("开源", per_page=3), _search("开源", per_page=3, page=2))
    )
    assert first.total == second.total == every and first.has_next
    assert not {h.passage_id for h in first.hits} & {h.passage_id for h in second.hits}
    # Each page ranks once; its count runs the match again without scoring any row.
    assert len(_ranking(statements)) == 2 and len(_matching(statements)) == 4
    last_page = (every + 2) // 3
    last, statements = _statements(lambda: _search("开源", per_page=3, page=last_page))
    # The last page knows the total from its own rows: nothing else runs the match.
    assert last.total == every and not last.has_next and 1 <= len(last.hits) <= 3
    assert len(_matching(statements)) == 1
    past = _search("开源", per_page=3, page=every)  # a page past the end still knows the total
    assert past.hits == [] and past.total == every and not past.has_next


def test_the_count_with_a_filter_or_a_restricted_article_counts_what_is_listed(seeded):
    from annotator.models import ArticleEditor

    editor = make_user(db.session, "count_editor")
    other = make_user(db.session, "count_other")
    listed_hits = _search("开源").hits
    listed = {h.passage_id: h.article_id for h in listed_hits}
    hidden = sorted(set(listed.values()))[0]
    db.session.add(ArticleEditor(article_id=hidden, user_id=other.id))
    db.session.flush()
    viewer = Viewer.of(editor, blind_mode=False)
    seen = _search("开源", viewer=viewer).hits
    assert {h.article_id for h in seen} == set(listed.values()) - {hidden}
    paged = _search("开源", viewer=viewer, per_page=2)
    assert paged.total == len(seen) < len(listed) and paged.has_next
    bodies = _search("开源", filters=SearchFilters(kind="body"), per_page=2)
    assert bodies.has_next and bodies.total == sum(h.kind == "body" for h in listed_hits)


def test_a_refused_query_leaves_the_callers_transaction_usable(seeded, monkeypatch):
    from sqlalchemy import Float, Integer, String, literal_column, text, true

    from annotator.services.search import query as search_query
    from annotator.services.search.matching import Matches

    article = db.session.scalars(select(Article)).first()
    article.title = "改过的标题"  # the caller's work, not yet committed
    db.session.flush()

    def refused(session, terms):  # type: ignore[no-untyped-def]
        # A statement the database itself refuses (on PostgreSQL it aborts the transaction).
        stmt = text("SELECT 1 AS id, 'body' AS kind, 1 AS article_id FROM no_such_table")
        rows = stmt.columns(id=Integer, kind=String, article_id=Integer).subquery("hits")
        return Matches(rows, rows, true(), literal_column("0.0", Float))

    monkeypatch.setattr(search_query, "matches", refused)
    with pytest.raises(QueryError, match="could not be run"):
        _search("开源")
    monkeypatch.undo()
    assert db.session.scalar(select(Article.title).where(Article.id == article.id)) == "改过的标题"
    assert _search("开源").total > 0


def test_every_term_must_match(seeded):
    both = set(_texts("LeCun 偏见"))
    assert both and both == set(_texts("LeCun")) & set(_texts("偏见"))


def test_traditional_and_simplified_find_each_other(app):
    import_text(db.session, "trad.txt", "開源模型的偏見與資料集\n\n簡體讀者也應該找到這段話。")
    db.session.commit()
    assert any("開源模型的偏見" in t for t in _texts("开源"))
    assert any("開源模型的偏見" in t for t in _texts("偏见"))
    assert any("開源模型的偏見" in t for t in _texts("開源"))
    hit = _search("偏见").hits[0]
    assert "<mark>偏見</mark>" in str(hit.snippet)


def test_highlight_cannot_inject_html(app):
    import_text(db.session, "x.txt", "标题\n\n<script>alert(1)</script> 开源 <b onclick=x>粗</b>")
    db.session.commit()
    html = str(_search("开源").hits[0].snippet)
    assert "<script>" not in html and "<b " not in html
    assert "&lt;script&gt;" in html and "<mark>开源</mark>" in html
    # The query's words are highlighted inside escaped text, never echoed as markup.
    html = str(_search("<script>").hits[0].snippet)
    assert "<mark>script</mark>" in html and "<script>" not in html


QUERY_SYNTAX = [
    '"',
    '"开源',
    "AND",
    "OR",
    "NOT",
    "开源 OR",
    "NEAR(开源 模型)",
    "*",
    "开*",
    "-",
    "-开源",
    "(",
    ")",
    "开源)",
    "col:开源",
    "search_text:开源",
    "'",
    "\\",
    "^开源",
    "a & b | !c",
    "开源:*",
    "开源 AND NOT 模型",
    "{search_text}: 开源",
    "'开源' <-> '模型'",
]


def test_query_syntax_is_literal_text_or_a_clear_message(seeded):
    open_source = {h.passage_id for h in _search("开源").hits}
    for query in QUERY_SYNTAX:
        try:
            page = _search(query)
        except QueryError as exc:
            assert str(exc), query
        else:
            assert page.terms, query
            if "开源" in query:
                # Operators are words: every hit still contains 开源.
                assert {h.passage_id for h in page.hits} <= open_source, query


def test_punctuation_only_and_too_long_queries_get_messages(seeded):
    with pytest.raises(QueryError, match="word"):
        _search('"*()-')
    with pytest.raises(QueryError, match="too long"):
        _search("开源" * 101)
    assert _search("开源" + " " * 150 + "模型").terms


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=60))
def test_any_text_is_searched_or_refused_never_crashes(seeded, query):
    try:
        _search(query, per_page=5)
    except QueryError:
        pass


def _labeled_corpus():  # type: ignore[no-untyped-def]
    ann, bob = make_user(db.session, "ann"), make_user(db.session, "bob")
    agreed = passage_with(db.session, "我还该不该开源CNN")
    conflict = passage_with(db.session, "担心模型太强大而不开源")
    single = passage_with(db.session, "给开源社区做贡献")
    for who in (ann, bob):
        annotate(db.session, agreed, who, "stance", ["for_open_release"])
    annotate(db.session, conflict, ann, "stance", ["for_open_release"])
    annotate(db.session, conflict, bob, "stance", ["against_open_release"])
    annotate(db.session, single, bob, "stance", ["neutral_or_mixed"])
    db.session.commit()
    return agreed, conflict, single


def test_filters_by_label_status_and_annotator(seeded):
    agreed, conflict, single = _labeled_corpus()

    def ids(**filters) -> set[int]:  # type: ignore[no-untyped-def]
        return {h.passage_id for h in _search("开源", filters=SearchFilters(**filters)).hits}

    assert ids(label="stance:for_open_release") == {agreed.id, conflict.id}
    assert ids(label="stance:for_open_release", label_scope="resolved") == {agreed.id}
    assert ids(status="conflict") == {conflict.id}
    assert ids(status="single") == {single.id}
    assert ids(annotator="bob") == {agreed.id, conflict.id, single.id}
    assert ids(annotator="ann") == {agreed.id, conflict.id}
    assert ids(article_id=single.article_id) == {
        h.passage_id for h in _search("开源").hits if h.article_id == single.article_id
    }
    unlabeled = ids(status="unlabeled")
    assert unlabeled and not unlabeled & {agreed.id, conflict.id, single.id}
    hit = next(h for h in _search("开源").hits if h.passage_id == agreed.id)
    assert (hit.status, hit.labels["stance"]) == ("agreed", "for_open_release")


def test_unknown_filter_values_are_messages(seeded):
    for filters in (
        SearchFilters(label="stance:nope"),
        SearchFilters(status="done"),
        SearchFilters(annotator="nobody"),
        SearchFilters(label_scope="all"),
    ):
        with pytest.raises(QueryError):
            _search("开源", filters=filters)


def test_kind_filter_separates_body_from_boilerplate(seeded):
    kinds = {h.kind for h in _search("开源").hits}
    body = _search("开源", filters=SearchFilters(kind="body")).hits
    assert body and {h.kind for h in body} == {"body"} <= kinds


def test_pages_do_not_overlap_and_say_whether_more_follow(seeded):
    everything = [h.passage_id for h in _search("开源").hits]
    first = _search("开源", per_page=10, page=1)
    second = _search("开源", per_page=10, page=2)
    assert first.has_next and [h.passage_id for h in first.hits + second.hits] == everything[:20]
    last = _search("开源", per_page=10, page=(len(everything) + 9) // 10)
    assert not last.has_next
    filtered = _search("开源", per_page=3, page=1, filters=SearchFilters(status="unlabeled"))
    # Status filters run in SQL on the maintained state: the total is exact, as without one.
    unlabeled = _search("开源").total  # nothing is labelled in this corpus
    assert filtered.total == unlabeled and unlabeled > 3
    assert filtered.has_next and len(filtered.hits) == 3


def test_index_follows_inserts_updates_and_deletes(app):
    (article_id,) = import_text(db.session, "a.txt", "标题一\n\n卷积神经网络的偏见")
    db.session.commit()
    assert _texts("偏见") == ["卷积神经网络的偏见"]
    passage = passage_with(db.session, "卷积神经网络的偏见")
    passage.search_text = "别的 内容"
    db.session.commit()
    assert _texts("偏见") == [] and _texts("内容") == ["卷积神经网络的偏见"]
    db.session.execute(delete(Article).where(Article.id == article_id))
    db.session.commit()
    assert _texts("内容") == []


def test_index_and_query_agree_on_numbers_and_mixed_words(app):
    text = "标题\n\n2002年开源的Lush, TPU v3 与 117M 参数, 精度99.99%, e-mail a.b@c.d"
    import_text(db.session, "n.txt", text)
    db.session.commit()
    for query in ("2002年", "v3", "117M", "99.99%", "Lush", "e-mail", "a.b@c.d", "tpu v3"):
        assert len(_texts(query)) == 1, query

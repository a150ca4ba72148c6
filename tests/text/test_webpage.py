"""Web pages: every visible block in order, furniture marked by structure, metadata as stated."""

from __future__ import annotations

import datetime

import pytest

from annotator.text.chrome import BODY, BOILERPLATE
from annotator.text.decode import DecodeError
from annotator.text.pipeline import prepare_article
from annotator.text.webpage import NO_READABLE_TEXT, read_page
from annotator.text.webpage.blocks import parse_page, visible_blocks
from annotator.text.webpage.meta import page_meta, strip_site_suffix
from tests.fixtures.pages import ALL, NEWS, NEWS_GBK, PAGES, Expected


def _kinds(expected: Expected) -> tuple[str, dict[str, set[str]]]:
    page = read_page((PAGES / expected.file).read_bytes())
    article = prepare_article(page.text, furniture=page.furniture)
    kinds: dict[str, set[str]] = {}
    for passage in article.passages:
        assert article.text[passage.start : passage.end] == passage.text
        kinds.setdefault(passage.text, set()).add(passage.kind)
    return article.text, kinds


@pytest.mark.parametrize("expected", ALL, ids=lambda e: e.file)
def test_body_paragraphs_are_body_and_furniture_is_boilerplate(expected: Expected) -> None:
    text, kinds = _kinds(expected)
    page = read_page((PAGES / expected.file).read_bytes())
    article = prepare_article(page.text, furniture=page.furniture)
    assert [p.text for p in article.passages if p.kind == BODY] == list(expected.body)
    for block in expected.furniture:
        assert kinds.get(block) == {BOILERPLATE}, block
    for hidden in expected.never:
        assert hidden not in text, hidden


@pytest.mark.parametrize("expected", ALL, ids=lambda e: e.file)
def test_metadata_is_what_the_page_states(expected: Expected) -> None:
    meta = read_page((PAGES / expected.file).read_bytes()).meta
    assert (meta.title, meta.published, meta.published_precision) == (
        expected.title,
        expected.published,
        "day",
    )
    assert (meta.source, meta.author, meta.url) == (expected.source, expected.author, expected.url)


def test_the_gbk_page_is_the_same_article_as_the_utf8_page() -> None:
    raw = (PAGES / NEWS_GBK.file).read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    gbk = read_page(raw)
    utf8 = read_page((PAGES / NEWS.file).read_bytes())
    assert gbk.encoding == "gb18030"
    assert gbk.text == utf8.text.replace("© 2023", "Copyright 2023")
    assert [(f.start, f.reason) for f in gbk.furniture] == [
        (f.start, f.reason) for f in utf8.furniture
    ]


def test_blocks_follow_document_order_and_skip_what_a_browser_does_not_show() -> None:
    root = parse_page(
        "<html><head><title>T</title><style>.x{display:none}</style></head><body>"
        "<h1>标题</h1><p>第一段<b>加粗</b>\n  接着<br>换行</p><!-- 注释 -->尾巴"
        "<div>外<p>内</p>又外</div><script>脚本()</script><template><p>模板</p></template>"
        '<p hidden>隐藏</p><p style="display: none">不显示</p><p class="x">类隐藏</p>'
        '<span style="visibility:hidden">看不见</span>可见<pre>  代码\n  缩进</pre>'
        "<table><tr><th>表头</th><td>单元格</td></tr></table><ul><li>一</li><li>二</li></ul>"
        "</body></html>"
    )
    texts = [b.text for b in visible_blocks(root)]
    assert texts == [
        "标题",
        "第一段加粗 接着\n换行",
        "尾巴",
        "外",
        "内",
        "又外",
        "可见",
        "代码\n缩进",
        "表头",
        "单元格",
        "一",
        "二",
    ]


def test_site_suffix_leaves_the_title() -> None:
    assert strip_site_suffix("标题 - 前沿AI观察", "前沿AI观察") == "标题"
    assert strip_site_suffix("标题_科技_新浪网", "新浪网") == "标题"
    assert strip_site_suffix("标题_科技_新浪网", None) == "标题_科技"
    assert strip_site_suffix("标题_科技_新浪网", None, {"标题"}) == "标题"
    assert strip_site_suffix("GPT-2 的发布之争 | 某站", None) == "GPT-2 的发布之争"
    assert strip_site_suffix("没有后缀的标题", "某站") == "没有后缀的标题"


def test_title_and_date_sources_in_order() -> None:
    def meta(head: str, body: str = ""):  # type: ignore[no-untyped-def]
        return page_meta(parse_page(f"<html><head>{head}</head><body>{body}</body></html>"))

    og = '<meta property="og:title" content="OG 标题">'
    assert meta(og + "<title>T - S</title>", "<h1>H</h1>").title == "OG 标题"
    assert meta("<title>T - S</title>", "<h1>H</h1>").title == "T"
    assert meta("", "<h1>H  1</h1>").title == "H 1"
    time = '<time datetime="2021-03-04">三月</time>'
    assert meta("", time).published == datetime.date(2021, 3, 4)
    related = f'<aside class="related">{time}</aside>'
    assert meta("", related).published is None
    json_ld = '<script type="application/ld+json">{"datePublished": "2020-01-02"}</script>'
    assert meta(json_ld, time).published == datetime.date(2020, 1, 2)
    stated = '<meta property="article:published_time" content="2019-02-22T23:30:00-05:00">'
    assert meta(stated + json_ld, time).published == datetime.date(2019, 2, 22)
    assert meta('<script type="application/ld+json">{broken</script>').published is None


@pytest.mark.parametrize(
    "href, url",
    [
        ("https://a.example/x", "https://a.example/x"),
        ("http://a.example/", "http://a.example/"),
        ("javascript:alert(1)", None),
        ("/relative/path", None),
        ("ftp://a.example/x", None),
    ],
)
def test_canonical_url_is_http_or_https_only(href: str, url: str | None) -> None:
    root = parse_page(f'<html><head><link rel="canonical" href="{href}"></head></html>')
    assert page_meta(root).url == url


@pytest.mark.parametrize(
    "markup",
    [
        b"<html><body><script>render()</script><div id='app'></div></body></html>",
        b"<html><body><nav><a>\xe9\xa6\x96\xe9\xa1\xb5</a></nav><p>OK</p></body></html>",
        b"<!-- nothing -->",
        b"   ",
    ],
)
def test_a_page_without_article_text_is_refused(markup: bytes) -> None:
    with pytest.raises(DecodeError) as caught:
        read_page(markup)
    assert caught.value.reason in (NO_READABLE_TEXT, "empty file")


def test_without_trafilatura_body_the_text_rules_still_flag_chrome() -> None:
    # Too short for trafilatura to call anything the article: no structural verdict.
    markup = "<html><body><p>这是一篇很短的文章,只有一句话。</p><p>相关推荐</p></body></html>"
    page = read_page(markup.encode())
    assert page.furniture == ()
    kinds = [p.kind for p in prepare_article(page.text).passages]
    assert kinds == [BODY, BOILERPLATE]


def test_furniture_is_named_by_its_markup_else_by_its_text() -> None:
    page = read_page((PAGES / NEWS.file).read_bytes())
    article = prepare_article(page.text, furniture=page.furniture)
    reasons = {p.text: p.reason for p in article.passages}
    assert reasons["人工智能"] == "navigation"
    assert reasons["首页 > 人工智能 > 正文"] == "breadcrumbs"
    assert reasons["作者:林晓舟 2023年5月16日 09:30 来源:前沿AI观察"] == "credits"  # text rule
    assert reasons["一文读懂模型权重与推理接口的区别"] == "related-list"
    assert reasons["期待后续报道!"] == "comments"
    assert reasons["关于我们 | 联系我们 | 加入我们"] == "footer"
    assert reasons[NEWS.body[1]] is None


def test_an_article_inside_a_wrapper_with_a_furniture_like_class_is_still_read() -> None:
    paragraphs = "".join(
        f"<p>第{i}段:研究者认为公开模型权重有助于外部复现结果,也有人担心被滥用于生成虚假新闻。</p>"
        for i in range(6)
    )
    markup = f'<html><body><div class="share-wrapper"><h1>标题</h1>{paragraphs}</div></body></html>'
    page = read_page(markup.encode())
    body = prepare_article(page.text, furniture=page.furniture).passages
    assert sum(p.kind == BODY for p in body) >= 6


def test_a_deeply_nested_paragraph_is_still_read() -> None:
    # libxml2's default limit (256 levels) would drop it without a word.
    depth = 1000
    markup = "<div>" * depth + "<p>深层嵌套的段落也要读出来,一个字都不能少。</p>" + "</div>" * depth
    page = read_page(f"<html><body>{markup}</body></html>".encode())
    assert "深层嵌套的段落也要读出来,一个字都不能少。" in page.text

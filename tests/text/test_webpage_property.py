"""Property: for any generated page, passages are exact slices, within one block, nothing lost."""

from __future__ import annotations

import html
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.text.decode import DecodeError
from annotator.text.normalise import normalise
from annotator.text.pipeline import prepare_article
from annotator.text.webpage import BLOCK_SEPARATOR, read_page

_ALPHABET = (
    "开源模型的研究者认为数据偏见算法AIGPT2e ,。!?;“”《》\u0301\ufeff\u3000\u00a0 \t\r\n&<>'\"-"
)
_SPACE = re.compile(r"[ \t\n\r\f]+")
_SECRET = "SCRIPTSECRET"

words = st.text(alphabet=_ALPHABET, min_size=1, max_size=60)


@st.composite
def pages(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A page of random blocks in random landmarks, and the visible texts it must keep."""
    visible: list[str] = []
    parts: list[str] = []
    for _ in range(draw(st.integers(1, 12))):
        text = draw(words)
        tag = draw(st.sampled_from(["p", "h2", "li", "div", "td", "figcaption", "blockquote"]))
        wrapper = draw(st.sampled_from(["", "nav", "aside", "footer", "article", "section"]))
        hidden = draw(st.sampled_from(["", "", "", " hidden", ' style="display:none"']))
        block = f"<{tag}{hidden}>{html.escape(text)}</{tag}>"
        if tag in ("li", "td"):
            block = {"li": "<ul>{}</ul>", "td": "<table><tr>{}</tr></table>"}[tag].format(block)
        if wrapper:
            block = f"<{wrapper}>{block}</{wrapper}>"
        parts.append(block)
        if draw(st.booleans()):
            parts.append(f"<script>var x = '{_SECRET}';</script><!-- {_SECRET} -->")
        # What a browser shows, in the stored form: NFC, a block's leading BOMs dropped.
        shown = normalise(_SPACE.sub(" ", text).strip(" "))
        if not hidden and shown.strip():
            visible.append(shown)
    body = "".join(parts)
    return f"<!DOCTYPE html><html><head><title>T</title></head><body>{body}</body></html>", visible


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pages(), st.sampled_from(["utf-8", "gb18030"]))
def test_any_page_keeps_its_visible_text_in_exact_passages(
    page_and_visible: tuple[str, list[str]], encoding: str
) -> None:
    markup, visible = page_and_visible
    if encoding != "utf-8":
        markup = markup.replace("<head>", f'<head><meta charset="{encoding}">')
    try:
        page = read_page(markup.encode(encoding))
    except DecodeError as refused:
        assert refused.reason == "no readable text"
        return
    article = prepare_article(page.text, target=30, hard_max=50, furniture=page.furniture)
    assert article.text == page.text
    assert _SECRET not in article.text
    for text in visible:
        assert text in article.text
    blocks = _block_spans(article.text)
    for passage in article.passages:
        assert article.text[passage.start : passage.end] == passage.text
        assert any(s <= passage.start and passage.end <= e for s, e in blocks), passage
    for span in page.furniture:
        assert (span.start, span.end) in blocks


def _block_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    position = 0
    for block in text.split(BLOCK_SEPARATOR):
        spans.append((position, position + len(block)))
        position += len(block) + len(BLOCK_SEPARATOR)
    return spans

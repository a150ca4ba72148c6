"""Codebook Markdown is rendered safely: no raw HTML, no script URLs, no images."""

from __future__ import annotations

import pytest
from markupsafe import Markup

from annotator.services.codebook import plain_text, render_inline, render_markdown


def test_ordinary_markdown_renders():
    html = render_markdown("**粗体** *斜体* `stance`\n\n- 一\n- 二\n\n[规则](/codebook#stance)")
    assert isinstance(html, Markup)
    assert "<strong>粗体</strong>" in html and "<em>斜体</em>" in html
    assert "<code>stance</code>" in html and "<li>一</li>" in html
    assert '<a href="/codebook#stance" rel="nofollow noopener noreferrer">规则</a>' in html


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        '<a href="javascript:alert(1)">x</a>',
        "<div onclick='alert(1)'>x</div>",
    ],
)
def test_raw_html_is_escaped(source):
    html = render_markdown(source)
    assert "<script" not in html and "<img" not in html and "<a " not in html
    assert "<div" not in html and "&lt;" in html


@pytest.mark.parametrize(
    "source",
    [
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](  javascript:alert(1))",
        "[x](java&#x09;script:alert(1))",
        "[x](&#106;avascript:alert(1))",
        "[x](%6Aavascript:alert(1))",
        "[x](<javascript:alert(1)>)",
        "[x](vbscript:msgbox(1))",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "[x](file:///etc/passwd)",
        "<javascript:alert(1)>",
        "[x][r]\n\n[r]: javascript:alert(1)",
    ],
)
def test_script_and_other_unsafe_links_do_not_survive(source):
    for html in (render_markdown(source), render_inline(source)):
        assert "href" not in html, html


@pytest.mark.parametrize(
    "url",
    ["https://example.org/a?b=1", "http://example.org", "mailto:desk@example.org", "/codebook"],
)
def test_safe_links_survive(url):
    assert f'href="{url}"' in render_markdown(f"[x]({url})")


def test_images_are_not_loaded():
    assert "<img" not in render_markdown("![x](https://example.org/x.png)")


def test_plain_text_drops_markup_for_tooltips():
    text = plain_text("**支持** 公开。\n\n*Argues for* `release`, see [x](https://e.org).")
    assert text == "支持 公开。\nArgues for release, see x."
    assert plain_text("<b>x</b>") == "<b>x</b>"  # shown as text by the browser, never parsed

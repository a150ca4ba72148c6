"""The visible text of a parsed page as blocks, in document order, as a browser lays it out.

A block is the text a block-level box holds directly (a paragraph, a heading,
a list item, a table cell, a caption, or the loose text of a <div>), with white
space collapsed as CSS `white-space: normal` does: runs of HTML white space
become one space and block edges are trimmed.  <br> breaks a line, <pre> keeps
its white space.  U+3000 and NBSP are not HTML white space and stay.

Never visible: <head>, <script>, <style>, <template>, <noscript> (scripts run
in a browser), embedded content (<iframe>, <object>, <svg>, <canvas>, media),
form fields (a button's label is shown, so it is kept), comments, elements
with the `hidden` attribute or an inline style of display:none /
visibility:hidden, and elements whose class or id a
rule in the page's own <style> hides that way (only simple `.class` and `#id`
selectors are read: that is how saved news pages hide editors' notes and
"display:none" ad slots).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree
from lxml import html as lxml_html

__all__ = ["PageBlock", "parse_page", "visible_blocks"]

_INVISIBLE = frozenset(
    "head script style template noscript iframe object embed svg math canvas video audio "
    "select option textarea input title meta link base".split()
)
_BLOCK = frozenset(
    "address article aside blockquote body center dd details dialog dir div dl dt fieldset "
    "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html legend li main menu "
    "nav ol p pre section summary table tbody thead tfoot tr td th caption ul".split()
)
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
_HIDING_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_CSS_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_SIMPLE_SELECTOR = re.compile(r"\s*([.#])([A-Za-z_][\w-]*)\s*")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


@dataclass(frozen=True)
class PageBlock:
    """The trimmed, non-empty text of one block box and the element that holds it."""

    text: str
    element: lxml_html.HtmlElement


def parse_page(markup: str) -> lxml_html.HtmlElement:
    """Parse decoded HTML leniently, as a browser would, into an lxml tree."""
    # lxml refuses a str that still declares its byte encoding (XHTML pages do).
    markup = _XML_DECLARATION.sub("", markup, count=1)
    # huge_tree: libxml2 otherwise drops everything nested deeper than 256 elements (it
    # then stops at 2,048); a parser per call, as lxml parsers are not shared across threads.
    parser = lxml_html.HTMLParser(huge_tree=True)
    try:
        return lxml_html.document_fromstring(markup, parser=parser)
    except etree.ParserError:  # nothing but white space and comments
        return lxml_html.document_fromstring("<html></html>")


def visible_blocks(root: lxml_html.HtmlElement) -> list[PageBlock]:
    """Every visible text block of the page, in document order."""
    hidden = _hidden_by_stylesheet(root)
    blocks: list[PageBlock] = []
    pieces: list[tuple[str, str]] = []  # (text, "normal" | "pre" | "br")
    owners: list[lxml_html.HtmlElement] = [root]
    pre_depth = 0

    def flush() -> None:
        text = _block_text(pieces)
        pieces.clear()
        if text:
            blocks.append(PageBlock(text, owners[-1]))

    for event, element, text in _walk(root, hidden):
        if event == "text":
            pieces.append((text, "pre" if pre_depth else "normal"))
            continue
        tag = element.tag
        if tag == "br" and event == "open":
            pieces.append(("\n", "br"))
        elif tag in _BLOCK:
            flush()
            if event == "open":
                owners.append(element)
            else:
                owners.pop()
        if tag == "pre":
            pre_depth += 1 if event == "open" else -1
    flush()
    return blocks


_Event = tuple[str, lxml_html.HtmlElement, str]


def _walk(
    root: lxml_html.HtmlElement, hidden: tuple[frozenset[str], frozenset[str]]
) -> Iterator[_Event]:
    """("open", el, ""), ("text", el, text) and ("close", el, "") for the visible tree, in order.

    lxml's own walker, so no Python recursion (saved pages nest deeper than its limit)
    and no Python stack.  The tail of a hidden element or a comment is still visible: it
    belongs to the parent.
    """
    walker = etree.iterwalk(root, events=("start", "end", "comment", "pi"))
    skipped = None
    for event, element in walker:
        if event == "start":
            if _is_hidden(element, hidden):
                walker.skip_subtree()
                skipped = element
                continue
            yield "open", element, ""
            if element.text:
                yield "text", element, element.text
            continue
        if event == "end" and element is not skipped:
            yield "close", element, ""
        if element.tail and element is not root:
            yield "text", element, element.tail


def _is_hidden(
    element: lxml_html.HtmlElement, hidden: tuple[frozenset[str], frozenset[str]]
) -> bool:
    hidden_classes, hidden_ids = hidden
    tag = element.tag.lower() if isinstance(element.tag, str) else ""
    if tag in _INVISIBLE or element.get("hidden") is not None:
        return True
    if _HIDING_STYLE.search(element.get("style") or ""):
        return True
    if hidden_ids and element.get("id") in hidden_ids:
        return True
    return bool(hidden_classes) and not hidden_classes.isdisjoint(
        (element.get("class") or "").split()
    )


def _hidden_by_stylesheet(root: lxml_html.HtmlElement) -> tuple[frozenset[str], frozenset[str]]:
    """The classes and ids that the page's own simple CSS rules hide."""
    classes: set[str] = set()
    ids: set[str] = set()
    for style in root.iter("style"):
        for selectors, declarations in _CSS_RULE.findall(style.text_content()):
            if not _HIDING_STYLE.search(declarations):
                continue
            for selector in selectors.split(","):
                match = _SIMPLE_SELECTOR.fullmatch(selector)
                if match:
                    (classes if match.group(1) == "." else ids).add(match.group(2))
    return frozenset(classes), frozenset(ids)


def _block_text(pieces: list[tuple[str, str]]) -> str:
    """Collapse white space as CSS does (not inside <pre>), keep line breaks, trim every line."""
    parts: list[str] = []
    normal: list[str] = []
    for text, mode in pieces:
        if mode == "normal":
            normal.append(text)
            continue
        parts.append(_HTML_SPACE.sub(" ", "".join(normal)))
        normal.clear()
        parts.append(text.replace("\r\n", "\n").replace("\r", "\n"))
    parts.append(_HTML_SPACE.sub(" ", "".join(normal)))
    lines = (line.strip(" \t\f") for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)

"""Tell a page's article body from its furniture: trafilatura finds the body, markup the rest.

trafilatura (made for news pages, Chinese sites included) returns the main
text; a block is body when its text is found in that text.  Long blocks
(MATCH_ANYWHERE characters or more, without white space) may be found
anywhere in it; shorter ones (table cells, list items, subheadings) only
shortly after the previous match, so a two-character menu item cannot be
matched by chance deep inside a paragraph.  A caption between two body blocks
is body too: trafilatura leaves out figure captions, an editor wants them.

Every other block is furniture, and its reason comes from the markup around
it: <nav>, <footer>, <aside> and class/id names (comment, related, breadcrumb
…) say what the block is; otherwise the text rules' reason, else
"page-furniture".  When trafilatura finds nothing, no block is called
furniture from the markup alone and the text rules decide, as for a .txt.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

from lxml import html as lxml_html

from annotator.text.webpage.blocks import PageBlock

__all__ = ["body_flags", "landmark_reason", "landmark_reasons"]

MATCH_ANYWHERE = 6
_NEAR = 40
_SPACE = re.compile(r"[\s|]+")
_CAPTIONS = frozenset({"figcaption", "caption"})

# Checked from the block outwards; the first landmark found names the block.
_LANDMARK_TAGS = {"nav": "navigation", "footer": "footer", "aside": "aside"}
_LANDMARK_NAMES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("comments", re.compile(r"comment|pinglun|reply|discuss", re.IGNORECASE)),
    (
        "related-list",
        re.compile(r"related|recommend|relevant|xiangguan|tuijian|hot-?news", re.IGNORECASE),
    ),
    ("breadcrumbs", re.compile(r"crumb|bread", re.IGNORECASE)),
    ("navigation", re.compile(r"\bnav|menu|topbar|site-?header", re.IGNORECASE)),
    ("footer", re.compile(r"footer|copyright", re.IGNORECASE)),
    ("share", re.compile(r"share|social", re.IGNORECASE)),
)


def body_flags(
    root: lxml_html.HtmlElement, blocks: Sequence[PageBlock], title: str | None
) -> list[bool] | None:
    """For each block, whether it is article body; None when trafilatura finds no body."""
    extracted = _main_text(root)
    if not extracted:
        return None
    found = _SPACE.sub("", extracted)
    flags: list[bool] = []
    cursor = 0
    for block in blocks:
        needle = _SPACE.sub("", block.text)
        if len(needle) >= MATCH_ANYWHERE:
            position = found.find(needle)
        else:
            position = found.find(needle, cursor, cursor + _NEAR + len(needle))
        flags.append(position >= 0 or block.text == title)
        if position >= 0:
            cursor = max(cursor, position + len(needle))
    if not any(flags):
        return None
    _captions_between_body(blocks, flags)
    return flags


def _main_text(root: lxml_html.HtmlElement) -> str | None:
    # Imported here: trafilatura takes half a second to import and only pages need it.
    import trafilatura

    # trafilatura logs every page it finds too short; the import reports for itself.
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    # The tree already parsed (trafilatura copies a tree before pruning it); fast: without
    # its fallback extractors (readability, jusText), which cost 40% more time per page
    # and changed no fixture's verdict.
    return trafilatura.extract(
        root,
        fast=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        with_metadata=False,
        deduplicate=False,
    )


def _captions_between_body(blocks: Sequence[PageBlock], flags: list[bool]) -> None:
    for index, block in enumerate(blocks):
        if flags[index] or block.element.tag not in _CAPTIONS:
            continue
        before = index > 0 and flags[index - 1]
        after = any(flags[index + 1 : index + 2])
        flags[index] = bool(before and after)


def landmark_reasons(elements: Sequence[lxml_html.HtmlElement]) -> list[str | None]:
    """landmark_reason of each element, each ancestor judged once (blocks share them)."""
    known: dict[lxml_html.HtmlElement, str | None] = {}
    return [landmark_reason(element, known) for element in elements]


def landmark_reason(
    element: lxml_html.HtmlElement, known: dict[lxml_html.HtmlElement, str | None] | None = None
) -> str | None:
    """What page part the element sits in (navigation, comments …), judged by its markup.

    The nearest ancestor (or the element itself) that names a part decides.  `known`
    remembers elements already judged; iterative, as pages nest deeper than the stack.
    """
    known = {} if known is None else known
    chain: list[lxml_html.HtmlElement] = []
    node: lxml_html.HtmlElement | None = element
    reason: str | None = None
    while node is not None and node.tag not in ("body", "html"):
        if node in known:
            reason = known[node]
            break
        reason = _own_reason(node)
        chain.append(node)
        if reason is not None:
            break
        node = node.getparent()
    for judged in chain:
        known[judged] = reason
    return reason


def _own_reason(node: lxml_html.HtmlElement) -> str | None:
    # The names first: <aside class="related-articles"> is a related list, not just aside.
    names = f"{node.get('class') or ''} {node.get('id') or ''}"
    if names.strip():
        for reason, pattern in _LANDMARK_NAMES:
            if pattern.search(names):
                return reason
    tag = node.tag if isinstance(node.tag, str) else ""
    return _LANDMARK_TAGS.get(tag)

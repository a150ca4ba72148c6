"""Render codebook Markdown safely: no raw HTML, no images, only http(s)/mailto/relative links."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup

# A scheme is letters, digits, + - . before a colon; anything else (no colon, or a colon after
# a slash, ? or #) is a relative URL, which stays on this site.
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):", re.IGNORECASE)
ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})


class SafeMarkdown(MarkdownIt):
    """CommonMark with raw HTML escaped and links limited to an allowlist of schemes."""

    def validateLink(self, url: str) -> bool:  # noqa: N802  (markdown-it's name)
        """Allow relative links and http, https and mailto; refuse every other scheme."""
        # Entities are decoded and the URL percent-encoded by now ("java&#x09;script:" arrives
        # as "java%09script:"); decode and drop control characters and spaces as browsers do,
        # so no spelling of a refused scheme slips through.
        cleaned = re.sub(r"[\x00-\x20\x7f\ufffd]+", "", unquote(url))
        match = _SCHEME.match(cleaned)
        return match is None or match.group(1).lower() in ALLOWED_SCHEMES


def _link_open(renderer: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    tokens[idx].attrSet("rel", "nofollow noopener noreferrer")
    return str(renderer.renderToken(tokens, idx, options, env))


@lru_cache(maxsize=1)
def _parser() -> SafeMarkdown:
    md = SafeMarkdown("commonmark", {"html": False, "linkify": False, "typographer": False})
    # Images would fetch from anywhere when the codebook is opened; keep the page self-contained.
    md.disable("image")
    md.add_render_rule("link_open", _link_open)
    return md


def render_markdown(text: str | None) -> Markup:
    """HTML for a Markdown text; everything the author typed as HTML comes out escaped."""
    return Markup(_parser().render(text or "").strip())  # noqa: S704  (sanitised above)


def render_inline(text: str | None) -> Markup:
    """HTML for one line of Markdown, without a surrounding paragraph."""
    return Markup(_parser().renderInline(text or "").strip())  # noqa: S704  (sanitised above)


def plain_text(text: str | None) -> str:
    """The words of a Markdown text without markup, for tooltips and titles."""
    blocks: list[str] = []
    for token in _parser().parse(text or ""):
        if token.type != "inline" or not token.children:
            continue
        words = [
            " " if child.type in ("softbreak", "hardbreak") else child.content
            for child in token.children
            if child.type in ("text", "code_inline", "softbreak", "hardbreak")
        ]
        blocks.append("".join(words).strip())
    return "\n".join(b for b in blocks if b)

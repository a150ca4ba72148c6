"""Text for the dataset card's Markdown: data shown literally, codebook text rendered safely.

The card is Markdown with HTML allowed, read by people and by hubs that render it: source
names, usernames and codebook text must never become markup, links or broken tables.
"""

from __future__ import annotations

import html
import re
from typing import Any

from annotator.services.codebook.markdown import render_inline, render_markdown

_MARKUP = re.compile(r"[\\`*_{}\[\]()#+!|~]")


def one_line(value: Any) -> str:
    # A cell is one line: multi-paragraph codebook definitions would break the table.
    return " ".join(str(value).split())


def text(value: Any) -> str:
    """Data as literal text: no HTML (entities) and no Markdown (backslash escapes)."""
    return _MARKUP.sub(lambda m: "\\" + m.group(0), html.escape(one_line(value), quote=False))


def code(value: Any) -> str:
    """A name as a code span (its text is never markup; a backtick would end the span)."""
    return "`" + one_line(value).replace("`", "'").replace("|", "\\|") + "`"


_TAG = re.compile(r"(<[^>]*>)")


def codebook(value: Any) -> str:
    """One line of codebook Markdown as safe HTML for a table cell or a heading.

    The card is Markdown again, so the rendered text between the tags is escaped as
    Markdown: a refused link, left as literal `[x](javascript:…)`, must stay literal.
    """
    parts = _TAG.split(str(render_inline(one_line(value))))
    return "".join(
        part if part.startswith("<") else _MARKUP.sub(lambda m: "\\" + m.group(0), part)
        for part in parts
    )


def codebook_block(value: str) -> str:
    """Codebook Markdown paragraphs as one HTML block (no blank line, which would end it)."""
    return "\n".join(line for line in str(render_markdown(value)).splitlines() if line.strip())


def table(header: list[str], rows: list[list[Any]]) -> list[str]:
    """A Markdown table of cells the caller made safe (numbers are turned into text here)."""
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(one_line(c) for c in row) + " |" for row in rows]
    return out + [""]

"""The one canonical form of article text that every stored offset refers to."""

from __future__ import annotations

import unicodedata

__all__ = ["normalise"]


def normalise(text: str) -> str:
    """Strip leading BOMs, turn CRLF and lone CR into LF, and compose to NFC."""
    # All leading BOMs, not one: a file saved twice can carry two, and the
    # function must be idempotent so re-importing changes no offset.
    text = text.lstrip("\ufeff")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # Nothing else (no whitespace folding, no NFKC): the editor sees the
    # article as written and annotations point into exactly this string.
    return unicodedata.normalize("NFC", text)

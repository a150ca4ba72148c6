"""Offsets in other units than our code points: UTF-16 code units, as JavaScript counts.

Stored offsets are code points (Python string indices). Tools whose editors run in the
browser (doccano) count UTF-16 code units, where each character outside the Basic
Multilingual Plane (emoji, CJK Extension B such as 𠮷) takes two. Both directions are
exact: a UTF-16 offset that falls between the two halves of a surrogate pair names no
character boundary and is refused.
"""

from __future__ import annotations

from itertools import accumulate

UNITS = ("codepoint", "utf16")


class OffsetError(ValueError):
    """An offset that names no character boundary of the text."""


def _utf16_width(char: str) -> int:
    return 2 if ord(char) > 0xFFFF else 1


def utf16_boundaries(text: str) -> list[int]:
    """UTF-16 offset of every code-point boundary: result[i] is code point i's offset."""
    return [0, *accumulate(_utf16_width(c) for c in text)]


def to_utf16(text: str, offset: int) -> int:
    """The UTF-16 offset of a code-point offset into text."""
    if not 0 <= offset <= len(text):
        raise OffsetError(f"offset {offset} is outside the text")
    return offset + sum(1 for c in text[:offset] if ord(c) > 0xFFFF)


def from_utf16(text: str, offset: int) -> int:
    """The code-point offset of a UTF-16 offset into text; refused inside a surrogate pair."""
    boundaries = utf16_boundaries(text)
    if not 0 <= offset <= boundaries[-1]:
        raise OffsetError(f"offset {offset} is outside the text ({boundaries[-1]} UTF-16 units)")
    # boundaries is strictly increasing, so a binary search finds the code point.
    low, high = 0, len(boundaries) - 1
    while low < high:
        middle = (low + high) // 2
        if boundaries[middle] < offset:
            low = middle + 1
        else:
            high = middle
    if boundaries[low] != offset:
        raise OffsetError(f"offset {offset} falls inside a character outside the BMP")
    return low


def to_unit(text: str, offset: int, unit: str) -> int:
    """A code-point offset into text expressed in unit."""
    return to_utf16(text, offset) if unit == "utf16" else offset


def from_unit(text: str, offset: int, unit: str) -> int:
    """An offset into text given in unit, as a code-point offset; refused if it fits no boundary."""
    if unit == "utf16":
        return from_utf16(text, offset)
    if not 0 <= offset <= len(text):
        raise OffsetError(f"offset {offset} is outside the text ({len(text)} characters)")
    return offset

"""UTF-16 and code-point offsets convert exactly both ways."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.text.offsets import OffsetError, from_unit, from_utf16, to_unit, to_utf16

TEXT = "前😀后𠮷中❤️和🇨🇳尾"


def test_characters_outside_the_bmp_take_two_units():
    # 😀 and 𠮷 are one code point, two UTF-16 units; ❤️ is two BMP code points; 🇨🇳 two
    # code points of two units each.
    assert [to_utf16(TEXT, i) for i in range(len(TEXT) + 1)] == [
        0,
        1,
        3,
        4,
        6,
        7,
        8,
        9,
        10,
        12,
        14,
        15,
    ]
    assert TEXT.encode("utf-16-le")[2 * to_utf16(TEXT, 4) :].decode("utf-16-le").startswith("中")


def test_an_offset_inside_a_surrogate_pair_is_refused():
    with pytest.raises(OffsetError):
        from_utf16(TEXT, 2)
    with pytest.raises(OffsetError):
        from_unit(TEXT, 16, "utf16")
    with pytest.raises(OffsetError):
        from_unit(TEXT, 12, "codepoint")


@given(st.text(), st.data())
def test_round_trip(text, data):
    offset = data.draw(st.integers(0, len(text)))
    units = to_unit(text, offset, "utf16")
    assert units == len(text[:offset].encode("utf-16-le")) // 2
    assert from_unit(text, units, "utf16") == offset
    assert from_unit(text, to_unit(text, offset, "codepoint"), "codepoint") == offset

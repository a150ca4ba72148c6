"""The canonical text form: BOM, line endings, NFC, and nothing else."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from annotator.text.normalise import normalise

# Line breaks and wide spaces show up far more often than chance would draw them.
MESSY = st.lists(
    st.one_of(
        st.sampled_from(["\r\n", "\r", "\n", "\u3000", "\ufeff", "e\u0301", "开源"]),
        st.characters(),
    ),
    max_size=60,
).map("".join)


def test_line_endings_become_lf() -> None:
    assert normalise("一\r\n二\r三\n四\r\r\n") == "一\n二\n三\n四\n\n"


def test_leading_boms_stripped_but_inner_kept() -> None:
    assert normalise("\ufeff\ufeff标题\ufeff") == "标题\ufeff"


def test_nfc_composes() -> None:
    assert normalise("Cafe\u0301") == "Caf\u00e9"


def test_nothing_else_changes() -> None:
    text = "  全角\u3000空格，ＡＢＣ１２３\t\u00a0 ﬁ  \n\n\n结尾  "
    assert normalise(text) == text


@given(MESSY)
def test_idempotent_and_free_of_cr(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once
    assert "\r" not in once
    assert not once.startswith("\ufeff")

"""Turn uploaded bytes into text, or say in one line why the file is refused.

Order of checks: known binary magic numbers, byte-order marks (UTF-8,
UTF-16, UTF-32), NUL bytes, strict UTF-8, then the two legacy Chinese
families, GB18030 (a superset of GBK and GB2312) and Big5 (cp950 for the
Microsoft additions).

Why not trust charset-normalizer alone: unrestricted, it called short Chinese
samples euc_jis_2004, cp949, johab, shift_jis and even utf_16_be; restricted
to GB18030/Big5 it still read GBK '开源' (4 bytes) as Big5 '羲埭'.  Almost any
GB2312 byte pair is also a valid Big5 pair and vice versa, so validity cannot
decide.  Commonness can: a right decoding consists of common characters of
its own script (GB2312 level 1 for simplified, Big5 level 1 for traditional,
plus the punctuation rows), a wrong one scatters into rare characters, kana
and box drawing.  charset-normalizer only breaks exact ties, and only on four
or more non-ASCII characters: on 2-3 character ties it answered Big5 every
time, right or wrong (measured on every 2- and 3-hanzi run of the seeds in
GBK), so a short tie goes to GB18030 because the newsroom writes simplified
Chinese.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["MAGIC_NUMBERS", "DecodeError", "Decoded", "decode_bytes", "reject_reason_for_text"]

UNDECODABLE = "undecodable bytes: not valid UTF-8, GB18030 or Big5"

# Checked before anything else: these files are often renamed to .txt.
MAGIC_NUMBERS: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive or Office document"),
    (b"PK\x05\x06", "ZIP archive or Office document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "legacy Office document"),
    (b"\x1f\x8b", "gzip archive"),
)

# UTF-32 LE starts with the UTF-16 LE mark, so it must be tried first.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)

# Scoring more characters than this changes no verdict and costs time.
_SCORE_SAMPLE = 4000

# Below this many non-ASCII characters charset-normalizer's tie-break is a coin biased to Big5.
_MIN_DETECTOR_SAMPLE = 4


class DecodeError(ValueError):
    """A file that cannot become article text; `reason` is one line for the editor."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Decoded:
    """Decoded text and the name of the Python codec that decoded it."""

    text: str
    encoding: str


def reject_reason_for_text(text: str) -> str | None:
    """Return why already-decoded text is not an article, or None if it is fine."""
    if "\x00" in text:
        return "binary file (NUL bytes)"
    # U+FEFF and U+200B are invisible but not whitespace to str.isspace().
    if not text.strip().strip("\ufeff\u200b"):
        return "empty file"
    return None


def decode_bytes(data: bytes) -> Decoded:
    """Decode an uploaded file, or raise DecodeError with a one-line reason."""
    if not data.strip():
        raise DecodeError("empty file")
    for magic, kind in MAGIC_NUMBERS:
        if data.startswith(magic):
            raise DecodeError(f"binary file ({kind})")
    decoded = _decode_with_bom(data) or _decode_without_bom(data)
    reason = reject_reason_for_text(decoded.text)
    if reason is not None:
        raise DecodeError(reason)
    return decoded


def _decode_with_bom(data: bytes) -> Decoded | None:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                name = codec.upper().replace("-SIG", "")
                reason = f"undecodable bytes: invalid {name} after its byte-order mark"
                raise DecodeError(reason) from None
            return Decoded(text, codec)
    return None


def _decode_without_bom(data: bytes) -> Decoded:
    if b"\x00" in data:
        raise DecodeError("binary file (NUL bytes)")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    # cp950 adds Microsoft's Big5 extensions (e.g. the euro sign) that plain big5 rejects.
    big5_reading = _try(data, "big5") or _try(data, "cp950")
    candidates = [c for c in (_try(data, "gb18030"), big5_reading) if c]
    if not candidates:
        raise DecodeError(UNDECODABLE)
    if len(candidates) == 1:
        return candidates[0]
    gb, big5 = candidates
    gb_score = _commonness(gb.text, _is_common_simplified)
    big5_score = _commonness(big5.text, _is_common_traditional)
    if gb_score != big5_score:
        return gb if gb_score > big5_score else big5
    non_ascii = sum(1 for c in gb.text if c > "\x7f")
    if non_ascii >= _MIN_DETECTOR_SAMPLE and _charset_normalizer_prefers_big5(data):
        return big5
    return gb


def _try(data: bytes, codec: str) -> Decoded | None:
    try:
        return Decoded(data.decode(codec), codec)
    except UnicodeDecodeError:
        return None


def _commonness(text: str, is_common: Callable[[str], bool]) -> float:
    """Share of the non-ASCII characters that are common in the candidate's own script."""
    sample = [c for c in text if c > "\x7f"][:_SCORE_SAMPLE]
    if not sample:
        return 0.0
    return sum(1 for c in sample if is_common(c)) / len(sample)


def _is_common_simplified(char: str) -> bool:
    try:
        code = char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    # Rows A1-A3 are punctuation and full-width ASCII; B0-D7 is level 1, the 3,755 common hanzi.
    return len(code) == 2 and (0xA1 <= code[0] <= 0xA3 or 0xB0 <= code[0] <= 0xD7)


def _is_common_traditional(char: str) -> bool:
    try:
        code = char.encode("big5")
    except UnicodeEncodeError:
        return False
    if len(code) != 2:
        return False
    value = code[0] << 8 | code[1]
    # A140-A3BF are symbols and punctuation; A440-C67E is level 1, the 5,401 common characters.
    return 0xA140 <= value <= 0xA3BF or 0xA440 <= value <= 0xC67E


def _charset_normalizer_prefers_big5(data: bytes) -> bool:
    # Imported here: it is slow to import and only ties ever need it.
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["gb18030", "big5"]).best()
    return best is not None and best.encoding == "big5"

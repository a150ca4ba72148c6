"""Usernames: a safe set of characters, and one key that look-alike names share.

A name is NFKC-normalised (full-width ｅｄｉｔｏｒ becomes editor) and may then hold only
ASCII letters and digits, Chinese characters and `. _ -`: no spaces, no control or format
characters (zero-width joiners, bidi marks), no Cyrillic or Greek letters that look Latin.
`username_key` folds case and the look-alikes left in that set (0/o, 1/l/i, rn/m, vv/w);
users.username_key is unique, so two names that read the same cannot both exist.
"""

from __future__ import annotations

import unicodedata

MAX_USERNAME_LENGTH = 64
PUNCTUATION = "._-"
# Pairs that read alike in the allowed set, longest first so "rn" folds before "r".
LOOK_ALIKES = (("rn", "m"), ("vv", "w"), ("0", "o"), ("1", "l"), ("i", "l"))


class UsernameError(ValueError):
    """A username outside the safe set; the message says why."""


def _is_chinese(char: str) -> bool:
    return unicodedata.category(char) == "Lo" and unicodedata.name(char, "").startswith(
        "CJK UNIFIED IDEOGRAPH"
    )


def _allowed(char: str) -> bool:
    return (char.isascii() and (char.isalnum() or char in PUNCTUATION)) or _is_chinese(char)


def normalise_username(raw: str) -> str:
    """The name as stored: NFKC, trimmed; raises UsernameError outside the safe set."""
    name = unicodedata.normalize("NFKC", raw).strip()
    if not name or len(name) > MAX_USERNAME_LENGTH:
        raise UsernameError("username must have 1 to 64 characters")
    if not all(_allowed(c) for c in name):
        raise UsernameError(
            "username may use only letters a-z, digits, Chinese characters and . _ -"
        )
    return name


def username_key(name: str) -> str:
    """What a name reads as: NFKC, case-folded, look-alike letters folded together."""
    key = unicodedata.normalize("NFKC", name).strip().casefold()
    for seen, meant in LOOK_ALIKES:
        key = key.replace(seen, meant)
    return key[: MAX_USERNAME_LENGTH * 2]

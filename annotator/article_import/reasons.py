"""Import reasons in the UI language: the import services write English for logs and the CLI."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

# A reason is either one of these whole sentences, or starts with one of the prefixes below
# followed by details (a byte count, a parser message) that are shown as they are.
WHOLE = {
    "empty file": _l("empty file"),
    "no such file": _l("no such file"),
    "is a folder": _l("is a folder"),
    "cannot be read (permission denied)": _l("cannot be read (permission denied)"),
    "CSV needs a 'text' column in its header": _l("CSV needs a 'text' column in its header"),
    "each line must be a JSON object": _l("each line must be a JSON object"),
    "more fields than the header has": _l("more fields than the header has"),
    "missing 'text'": _l("missing 'text'"),
    "'text' must be a string": _l("'text' must be a string"),
    "'meta' must be an object": _l("'meta' must be an object"),
    "'meta' must be a JSON object": _l("'meta' must be a JSON object"),
    "'published' must be an ISO date string": _l("'published' must be an ISO date string"),
    "undecodable bytes: not valid UTF-8, GB18030 or Big5": _l(
        "undecodable bytes: not valid UTF-8, GB18030 or Big5"
    ),
}
PREFIXES = (
    ("binary file", _l("binary file")),
    ("file too large", _l("file too large")),
    ("undecodable bytes", _l("undecodable bytes")),
    ("broken JSON", _l("broken JSON")),
    ("broken CSV header", _l("broken CSV header")),
    ("broken CSV row", _l("broken CSV row")),
    ("'text' is unusable", _l("'text' is unusable")),
    ("'published' is not an ISO date", _l("'published' is not an ISO date")),
    ("'published' is not a real date", _l("'published' is not a real date")),
    ("the database refused it", _l("the database refused it")),
)


def translate_reason(reason: str | None) -> str:
    """The reason a file or line was refused, in the UI language; unknown details kept."""
    if not reason:
        return ""
    if reason in WHOLE:
        return str(WHOLE[reason])
    for prefix, title in PREFIXES:
        if reason.startswith(prefix):
            rest = reason[len(prefix) :].lstrip(" :")
            return f"{title}: {rest}" if rest else str(title)
    return reason

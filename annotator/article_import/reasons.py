"""Import reasons in the UI language: the import services write English for logs and the CLI."""

from __future__ import annotations

from flask_babel import gettext as _

# A reason is either one of these whole sentences, or starts with one of the prefixes below
# followed by details (a byte count, a parser message) that are shown as they are.
WHOLE = {
    "empty file": lambda: _("empty file"),
    "no such file": lambda: _("no such file"),
    "is a folder": lambda: _("is a folder"),
    "cannot be read (permission denied)": lambda: _("cannot be read (permission denied)"),
    "CSV needs a 'text' column in its header": lambda: _("CSV needs a 'text' column in its header"),
    "each line must be a JSON object": lambda: _("each line must be a JSON object"),
    "more fields than the header has": lambda: _("more fields than the header has"),
    "missing 'text'": lambda: _("missing 'text'"),
    "'text' must be a string": lambda: _("'text' must be a string"),
    "'meta' must be an object": lambda: _("'meta' must be an object"),
    "'meta' must be a JSON object": lambda: _("'meta' must be a JSON object"),
    "'published' must be an ISO date string": lambda: _("'published' must be an ISO date string"),
    "undecodable bytes: not valid UTF-8, GB18030 or Big5":
        lambda: _("undecodable bytes: not valid UTF-8, GB18030 or Big5"),
}
PREFIXES = (
    ("binary file", lambda: _("binary file")),
    ("file too large", lambda: _("file too large")),
    ("undecodable bytes", lambda: _("undecodable bytes")),
    ("broken JSON", lambda: _("broken JSON")),
    ("broken CSV header", lambda: _("broken CSV header")),
    ("broken CSV row", lambda: _("broken CSV row")),
    ("'text' is unusable", lambda: _("'text' is unusable")),
    ("'published' is not an ISO date", lambda: _("'published' is not an ISO date")),
    ("'published' is not a real date", lambda: _("'published' is not a real date")),
    ("the database refused it", lambda: _("the database refused it")),
)


def translate_reason(reason: str | None) -> str:
    """The reason a file or line was refused, in the UI language; unknown details kept."""
    if not reason:
        return ""
    if reason in WHOLE:
        return WHOLE[reason]()
    for prefix, title in PREFIXES:
        if reason.startswith(prefix):
            rest = reason[len(prefix):].lstrip(" :")
            return f"{title()}: {rest}" if rest else title()
    return reason

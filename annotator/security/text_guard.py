"""Refuse request text that no database can store: NUL characters and unpaired surrogates.

PostgreSQL rejects NUL in text columns and neither driver can encode a lone surrogate
(JSON may spell one as "\\ud800"), so such input would surface as a 500 deep inside a
service. One check at the door turns it into a 400 that names the field.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from flask import render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
# Bodies larger than this are left to the endpoint's own size limit (a 413): reading them
# here would cache the body before the view sets its limit. Kept at the smallest JSON limit.
MAX_CHECKED_JSON = 16 * 1024


def _strings(value: Any, path: str) -> Iterator[tuple[str, str]]:
    """(path, string) for every key and string value inside parsed JSON."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield path or str(key), str(key)
            yield from _strings(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, f"{path}[{i}]")


def _fields() -> Iterator[tuple[str, str]]:
    # Only form bodies are parsed as forms: touching request.form reads any body into
    # memory before the view can set its own size limit.
    sources = [request.args]
    if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        sources.append(request.form)
    for source in sources:
        for key, values in source.lists():
            yield key, key
            for value in values:
                yield key, value
    length = request.content_length or 0
    if request.method in ("POST", "PUT", "PATCH") and 0 < length <= MAX_CHECKED_JSON:
        if request.is_json or request.path.startswith("/api/"):
            data = request.get_json(force=True, silent=True)
            yield from _strings(data, "")


def refuse_unstorable_text() -> ResponseReturnValue | None:
    """400 for a request whose text holds NUL or an unpaired surrogate."""
    for field, value in _fields():
        if UNSTORABLE.search(value):
            message = _("Text may not contain NUL characters or unpaired surrogates.")
            if request.path.startswith("/api/") or request.is_json:
                return {"error": message, "field": field or None}, 400
            return render_template("error.html", code=400, message=message), 400
    return None

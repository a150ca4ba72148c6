"""The catalogue of bad input, by category, that scripts/reliability/bad_input.py sends.

A case names a request and what must come of it: `expect="refuse"`, a 4xx (for an upload:
a rejected file) with a message; `"accept"`, a 2xx (the controls that prove the harness
reaches the app); `"either"` (hostile but valid Unicode, reads). URLs name `{passage}` and
`{article}` (the editor's own), `{fresh}` (a passage no earlier case wrote a note on),
`{other_passage}`, `{other_article}` (restricted to another editor) and `{other_token}`
(another user's API token id).
"""

from __future__ import annotations

import json

from scripts.reliability.bad_input_files import (
    ARTICLE,
    ENCODED_FILES,
    HOSTILE_IMPORT_FIELDS,
    WRONG_TYPES_FILES,
)
from scripts.reliability.bad_input_requests import (
    CONTROLS,
    FRESH_NOTE,
    HUGE,
    MALFORMED,
    NOTE,
    OTHERS,
    SPANS,
    STANCE,
    UNKNOWN,
    WRONG_TYPES,
    Case,
    json_body,
    put_all,
)


def _text_cases(category: str, texts: dict[str, str], expect: str) -> list[Case]:
    """The same strings as a note and a file to import (`expect`), a label and a span label."""
    cases = []
    for name, value in texts.items():
        cases += [
            Case(
                category,
                f"{name} in a note",
                url=FRESH_NOTE,
                expect=expect,
                body=json_body({"text": f"备注{value}备注", "version": None}),
            ),
            Case(
                category,
                f"{name} in a label value",
                url=STANCE,
                body=json_body({"values": [f"for_open{value}release"], "version": None}),
            ),
            Case(
                category,
                f"{name} in a span label",
                url=SPANS,
                body=json_body(
                    {"spans": [{"start": 0, "end": 2, "label": value}], "version": None}
                ),
            ),
            Case(
                category,
                f"{name} in a .txt file",
                expect=expect,
                upload=(
                    f"{category[:8]}-{len(cases)}.txt",
                    f"{ARTICLE}{value}{ARTICLE}".encode("utf-8", "surrogatepass"),
                ),
            ),
        ]
    return cases


NUL = {"NUL": "\x00", "NUL run": "\x00" * 50}
SURROGATES = {"lone high": "\ud800", "lone low": "\udfff", "reversed pair": "\ude00\ud83d"}
ASTRAL = {"CJK ext-B": "𠮷𠀀", "emoji": "😀", "ZWJ family": "👩\u200d👩\u200d👧", "flag": "🇨🇳"}
COMBINING = {"e + acute": "e\u0301", "lone mark": "\u0301", "stacked marks": "a" + "\u0301" * 40}
NEWLINES = {"CRLF": "甲\r\n乙", "CR": "甲\r乙", "mixed": "甲\r\n乙\r丙\n丁\u2028戊\x85己"}


def _surrogatejson_body(value: str) -> bytes:
    """JSON with \\uXXXX escapes for lone surrogates (raw ones cannot be encoded)."""
    return json.dumps(value).encode()


# Pages whose integer parameters once reached int() or the driver unchecked (issue 15).
INTEGER_PARAMETERS = [
    "/review?page=\u00b2",
    "/review?article=" + "9" * 40,
    "/codebook?version=" + "9" * 40,
    "/articles?page=-1",
    "/duplicates?page=1.5",
    "/api/search?q=x&article=\u0661",
]


def catalogue(upload_limit: int, file_limit: int) -> list[Case]:
    """Every case, grouped by category in the order the report lists them."""
    cases = list(CONTROLS)
    cases += put_all("malformed bodies", MALFORMED)
    cases += [
        Case("wrong types", json.dumps(b)[:60], url=u, body=json_body(b)) for u, b in WRONG_TYPES
    ]
    cases.append(
        Case(
            "wrong types", "duplicate keys", body=b'{"values": [], "version": null, "version": "1"}'
        )
    )
    cases += [
        Case(
            "huge strings",
            f"{u.rsplit('/', 1)[-1][:20]} {len(json_body(b))} bytes",
            url=u,
            body=json_body(b),
        )
        for u, b in HUGE
    ]
    cases += [
        Case("unknown labels and ids", json.dumps(b)[:60], url=u, body=json_body(b))
        for u, b in UNKNOWN
    ]
    cases += OTHERS
    cases += _text_cases("NUL", NUL, expect="refuse")
    for name, value in SURROGATES.items():
        cases += [
            Case(
                "lone surrogates",
                f"{name} in a note",
                url=NOTE,
                body=b'{"text": ' + _surrogatejson_body(value) + b', "version": null}',
            ),
            Case(
                "lone surrogates",
                f"{name} in a label value",
                url=STANCE,
                body=b'{"values": [' + _surrogatejson_body(value) + b'], "version": null}',
            ),
            Case(
                "lone surrogates",
                f"{name} in a span label",
                url=SPANS,
                body=b'{"spans": [{"start": 0, "end": 1, "label": '
                + _surrogatejson_body(value)
                + b'}], "version": null}',
            ),
        ]
    cases += _text_cases("astral characters", ASTRAL, expect="accept")
    cases += _text_cases("combining marks", COMBINING, expect="accept")
    cases += _text_cases("mixed newlines", NEWLINES, expect="accept")
    cases += [
        Case("odd-encoding files", name, upload=(name, data), expect=expect)
        for name, data, expect in ENCODED_FILES
    ]
    big = (ARTICLE * (file_limit // len(ARTICLE.encode()) + 10)).encode()
    cases += [
        Case("oversized uploads", "one file over the per-file limit", upload=("big.txt", big)),
        Case(
            "oversized uploads",
            "request over the upload limit",
            upload=("huge.txt", b"x" * (upload_limit + 1)),
        ),
        Case(
            "oversized uploads",
            "API body over its limit",
            url=NOTE,
            body=json_body({"text": "长" * upload_limit, "version": None}),
        ),
    ]
    cases += [
        Case("wrong file types", name, upload=(name, ARTICLE.encode()))
        for name in WRONG_TYPES_FILES
    ]
    cases.append(
        Case(
            "wrong file types",
            "PDF bytes named .pdf",
            upload=("paper.pdf", b"%PDF-1.7\n" + ARTICLE.encode()),
        )
    )
    cases += [
        Case("integer parameters", url, method="GET", url=url, session=True)
        for url in INTEGER_PARAMETERS
    ]
    cases += [
        Case("hostile import fields", name, upload=(name, data))
        for name, data in HOSTILE_IMPORT_FIELDS.items()
    ]
    return cases

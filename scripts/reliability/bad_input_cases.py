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
from dataclasses import dataclass

PASSAGE = "/api/passages/{passage}"
STANCE = PASSAGE + "/annotations/stance"
SPANS = PASSAGE + "/annotations/spans"
NOTE = PASSAGE + "/note"
FRESH_NOTE = "/api/passages/{fresh}/note"
ARTICLE_STANCE = "/api/articles/{article}/annotations/article_stance"
JSON_WRITES = (STANCE, SPANS, NOTE, ARTICLE_STANCE)
ARTICLE = "开源模型的讨论：研究者认为应当公开发布。"
TRADITIONAL = "開源模型的討論：研究者認為應當公開發布。"
JSONL_LINE = json.dumps({"text": ARTICLE}, ensure_ascii=False)


@dataclass(frozen=True)
class Case:
    """One request: an API call with the editor's token, or a file uploaded by an admin."""

    category: str
    name: str
    method: str = "PUT"
    url: str = STANCE
    body: bytes | None = None
    upload: tuple[str, bytes] | None = None
    expect: str = "refuse"
    session: bool = False  # sent with the signed-in cookie and CSRF header, not the token


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode()


def _put_all(category: str, bodies: dict[str, bytes]) -> list[Case]:
    return [
        Case(category, f"{key} -> {url.rsplit('/', 1)[-1]}", url=url, body=body)
        for key, body in bodies.items() for url in JSON_WRITES
    ]


CONTROLS = [
    Case("controls (must be accepted)", "a valid stance", url=STANCE, expect="accept",
         body=_json({"values": ["for_open_release"], "version": None})),
    Case("controls (must be accepted)", "a valid note", url=FRESH_NOTE, expect="accept",
         body=_json({"text": "备注：依据见第二段。", "version": None})),
    Case("controls (must be accepted)", "a valid UTF-8 file", expect="accept",
         upload=("control.txt", ("对照：" + ARTICLE).encode())),
    Case("controls (must be accepted)", "revoke one's own token", method="POST",
         url="/tokens/{own_token}/revoke", session=True, expect="accept"),
]


MALFORMED = {
    "not json": b"{not json",
    "truncated": b'{"values": ["for_open_release"',
    "array": b"[1, 2, 3]",
    "string": b'"values"',
    "null": b"null",
    "overflowing number": b"1e999",
    "nested 5000 deep": b'{"values": ' + b"[" * 5000 + b"]" * 5000 + b', "version": null}',
    "invalid utf-8": b'{"values": ["\xff\xfe"], "version": null}',
    "empty": b"",
}
WRONG_TYPES = [
    (STANCE, {"values": "for_open_release", "version": None}),
    (STANCE, {"values": [1, 2], "version": None}),
    (STANCE, {"values": [None], "version": None}),
    (STANCE, {"values": [{"name": "x"}], "version": None}),
    (STANCE, {"values": [], "version": "1"}),
    (STANCE, {"values": [], "version": True}),
    (STANCE, {"values": [], "version": -1}),
    (STANCE, {"values": [], "version": 1.5}),
    (STANCE, {"values": [], "version": 2**64}),
    (STANCE, {"values": []}),
    (SPANS, {"spans": "0-3", "version": None}),
    (SPANS, {"spans": [{"start": "0", "end": 3, "label": "holder"}], "version": None}),
    (SPANS, {"spans": [{"start": 0.5, "end": 3, "label": "holder"}], "version": None}),
    (SPANS, {"spans": [{"start": -1, "end": 3, "label": "holder"}], "version": None}),
    (SPANS, {"spans": [{"start": 3, "end": 3, "label": "holder"}], "version": None}),
    (SPANS, {"spans": [{"start": 0, "end": 2**40, "label": "holder"}], "version": None}),
    (NOTE, {"text": 5, "version": None}),
    (NOTE, {"text": ["a"], "version": None}),
    (ARTICLE_STANCE, {"values": {"a": 1}, "version": None}),
]
HUGE = [
    (NOTE, {"text": "长" * 6000, "version": None}),
    (NOTE, {"text": "x" * 3_000_000, "version": None}),
    (STANCE, {"values": ["x" * 100_000], "version": None}),
    (PASSAGE + "/annotations/bias_attribution", {"values": ["data"] * 10_000, "version": None}),
    (SPANS, {"spans": [{"start": 0, "end": 1, "label": "holder"}] * 5000, "version": None}),
    (PASSAGE + "/annotations/" + "s" * 5000, {"values": [], "version": None}),
]
UNKNOWN = [
    (STANCE, {"values": ["no_such_label"], "version": None}),
    (STANCE, {"values": ["for_open_release", "against_open_release"], "version": None}),
    (STANCE, {"values": ["data"], "version": None}),  # a label of another set
    (SPANS, {"spans": [{"start": 0, "end": 2, "label": "for_open_release"}], "version": None}),
    (PASSAGE + "/annotations/bias_attribution", {"values": ["data", "data"], "version": None}),
    (PASSAGE + "/annotations/no_such_set", {"values": [], "version": None}),
    (PASSAGE + "/annotations/article_stance", {"values": [], "version": None}),
    (ARTICLE_STANCE, {"values": ["data"], "version": None}),  # a label of a passage-scope set
    (STANCE.replace("{passage}", "0"), {"values": [], "version": None}),
    (STANCE.replace("{passage}", str(2**31)), {"values": [], "version": None}),
]
OTHERS = [
    Case("ids of other users' records", "stance on a restricted passage",
         url="/api/passages/{other_passage}/annotations/stance",
         body=_json({"values": ["for_open_release"], "version": None})),
    Case("ids of other users' records", "spans on a restricted passage",
         url="/api/passages/{other_passage}/annotations/spans",
         body=_json({"spans": [{"start": 0, "end": 2, "label": "holder"}], "version": None})),
    Case("ids of other users' records", "note on a restricted passage",
         url="/api/passages/{other_passage}/note", body=_json({"text": "x", "version": None})),
    Case("ids of other users' records", "article label on a restricted article",
         url="/api/articles/{other_article}/annotations/article_stance",
         body=_json({"values": ["for_open_release"], "version": None})),
    # Restriction is about who tags an article, not who reads it: reads may be answered.
    Case("ids of other users' records", "read a restricted passage", method="GET",
         url="/api/passages/{other_passage}", expect="either"),
    Case("ids of other users' records", "read others' labels", method="GET",
         url="/api/passages/{other_passage}/others", expect="either"),
    Case("ids of other users' records", "revoke another user's token", method="POST",
         url="/tokens/{other_token}/revoke", session=True),
]


def _text_cases(category: str, texts: dict[str, str], expect: str) -> list[Case]:
    """The same strings as a note and a file to import (`expect`), a label and a span label."""
    cases = []
    for name, value in texts.items():
        cases += [
            Case(category, f"{name} in a note", url=FRESH_NOTE, expect=expect,
                 body=_json({"text": f"备注{value}备注", "version": None})),
            Case(category, f"{name} in a label value", url=STANCE,
                 body=_json({"values": [f"for_open{value}release"], "version": None})),
            Case(category, f"{name} in a span label", url=SPANS,
                 body=_json({"spans": [{"start": 0, "end": 2, "label": value}], "version": None})),
            Case(category, f"{name} in a .txt file", expect=expect,
                 upload=(f"{category[:8]}-{len(cases)}.txt", f"{ARTICLE}{value}{ARTICLE}".encode(
                     "utf-8", "surrogatepass"))),
        ]
    return cases


NUL = {"NUL": "\x00", "NUL run": "\x00" * 50}
SURROGATES = {"lone high": "\ud800", "lone low": "\udfff", "reversed pair": "\ude00\ud83d"}
ASTRAL = {"CJK ext-B": "𠮷𠀀", "emoji": "😀", "ZWJ family": "👩\u200d👩\u200d👧", "flag": "🇨🇳"}
COMBINING = {"e + acute": "e\u0301", "lone mark": "\u0301", "stacked marks": "a" + "\u0301" * 40}
NEWLINES = {"CRLF": "甲\r\n乙", "CR": "甲\r乙", "mixed": "甲\r\n乙\r丙\n丁\u2028戊\x85己"}


def _surrogate_json(value: str) -> bytes:
    """JSON with \\uXXXX escapes for lone surrogates (raw ones cannot be encoded)."""
    return json.dumps(value).encode()


def _encoded(codec: str, text: str = ARTICLE * 3) -> bytes:
    return text.encode(codec)


ENCODED_FILES = [
    ("GB18030.txt", _encoded("gb18030"), "accept"),
    ("Big5 traditional.txt", _encoded("big5", TRADITIONAL * 3), "accept"),
    ("UTF-8 with BOM.md", _encoded("utf-8-sig"), "accept"),
    ("UTF-16 with BOM.txt", _encoded("utf-16"), "accept"),
    ("UTF-16-LE without BOM.txt", _encoded("utf-16-le"), "either"),
    ("UTF-32.txt", _encoded("utf-32"), "either"),
    ("GB18030.jsonl", _encoded("gb18030", JSONL_LINE), "accept"),
    ("UTF-16.csv", _encoded("utf-16", "title,text\n标题," + ARTICLE + "\n"), "accept"),
    (
        "half UTF-8 half GBK.txt",
        _encoded("utf-8") + _encoded("gbk", "另一半：" + ARTICLE),
        "either",
    ),
    ("Latin-1 bytes.txt", bytes(range(0xA0, 0x100)) * 8, "either"),
    ("invalid UTF-8.txt", b"\xff\xfe\xfd" + b"\xc3\x28" * 100, "either"),
    ("PNG bytes.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "refuse"),
    ("NUL bytes.txt", b"\x00" * 2000, "refuse"),
    ("empty.txt", b"", "refuse"),
    ("whitespace only.md", " \n\t\u3000\n".encode(), "refuse"),
    (
        "JSONL with lone surrogate.jsonl",
        b'{"text": "' + ARTICLE.encode() + b'\\ud800"}\n',
        "refuse",
    ),
    ("broken JSONL.jsonl", b'{"text": "ok"}\n{not json\n', "refuse"),
    ("CSV without text column.csv", "title,body\n标题,正文\n".encode(), "refuse"),
]
WRONG_TYPES_FILES = ["page.mhtml", "run.exe", "noext", "archive.txt.gz", "x.json", "doc.pdf",
                     "evil.txt\u202egpj", "../../etc/passwd", ".txt"]


# Pages whose integer parameters once reached int() or the driver unchecked (issue 15).
INTEGER_PARAMETERS = ["/review?page=\u00b2", "/review?article=" + "9" * 40,
                      "/codebook?version=" + "9" * 40, "/articles?page=-1",
                      "/duplicates?page=1.5", "/api/search?q=x&article=\u0661"]
_DEEP = "[" * 100_000 + "]" * 100_000
_TEXT = '"text": "好。"'
HOSTILE_IMPORT_FIELDS = {
    name: line.encode()
    for name, line in {
        "meta nested 100000 deep.jsonl": "{" + _TEXT + ', "meta": ' + _DEEP + "}",
        "meta string nested deep.csv": 'text,meta\n"好。",' + "[" * 5000 + "]" * 5000,
        "javascript url.jsonl": "{" + _TEXT + ', "url": "javascript:alert(1)"}',
        "data url.jsonl": "{" + _TEXT + ', "url": "data:text/html,x"}',
    }.items()
}


def catalogue(upload_limit: int, file_limit: int) -> list[Case]:
    """Every case, grouped by category in the order the report lists them."""
    cases = list(CONTROLS)
    cases += _put_all("malformed bodies", MALFORMED)
    cases += [Case("wrong types", json.dumps(b)[:60], url=u, body=_json(b)) for u, b in WRONG_TYPES]
    cases.append(Case("wrong types", "duplicate keys", body=b'{"values": [], "version": null, '
                      b'"version": "1"}'))
    cases += [Case("huge strings", f"{u.rsplit('/', 1)[-1][:20]} {len(_json(b))} bytes", url=u,
                   body=_json(b)) for u, b in HUGE]
    cases += [Case("unknown labels and ids", json.dumps(b)[:60], url=u, body=_json(b))
              for u, b in UNKNOWN]
    cases += OTHERS
    cases += _text_cases("NUL", NUL, expect="refuse")
    for name, value in SURROGATES.items():
        cases += [
            Case("lone surrogates", f"{name} in a note", url=NOTE,
                 body=b'{"text": ' + _surrogate_json(value) + b', "version": null}'),
            Case("lone surrogates", f"{name} in a label value", url=STANCE,
                 body=b'{"values": [' + _surrogate_json(value) + b'], "version": null}'),
            Case("lone surrogates", f"{name} in a span label", url=SPANS,
                 body=b'{"spans": [{"start": 0, "end": 1, "label": ' + _surrogate_json(value)
                 + b'}], "version": null}'),
        ]
    cases += _text_cases("astral characters", ASTRAL, expect="accept")
    cases += _text_cases("combining marks", COMBINING, expect="accept")
    cases += _text_cases("mixed newlines", NEWLINES, expect="accept")
    cases += [Case("odd-encoding files", name, upload=(name, data), expect=expect)
              for name, data, expect in ENCODED_FILES]
    big = (ARTICLE * (file_limit // len(ARTICLE.encode()) + 10)).encode()
    cases += [
        Case("oversized uploads", "one file over the per-file limit", upload=("big.txt", big)),
        Case("oversized uploads", "request over the upload limit",
             upload=("huge.txt", b"x" * (upload_limit + 1))),
        Case("oversized uploads", "API body over its limit", url=NOTE,
             body=_json({"text": "长" * upload_limit, "version": None})),
    ]
    cases += [Case("wrong file types", name, upload=(name, ARTICLE.encode()))
              for name in WRONG_TYPES_FILES]
    cases.append(Case("wrong file types", "PDF bytes named .pdf",
                      upload=("paper.pdf", b"%PDF-1.7\n" + ARTICLE.encode())))
    cases += [Case("integer parameters", url, method="GET", url=url, session=True)
              for url in INTEGER_PARAMETERS]
    cases += [Case("hostile import fields", name, upload=(name, data))
              for name, data in HOSTILE_IMPORT_FIELDS.items()]
    return cases

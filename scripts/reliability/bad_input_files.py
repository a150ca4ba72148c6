"""Bad files for the import: odd encodings, wrong types, hostile fields (see bad_input_cases)."""

from __future__ import annotations

import json

ARTICLE = "开源模型的讨论：研究者认为应当公开发布。"
TRADITIONAL = "開源模型的討論：研究者認為應當公開發布。"
JSONL_LINE = json.dumps({"text": ARTICLE}, ensure_ascii=False)


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
WRONG_TYPES_FILES = [
    "page.mhtml",
    "run.exe",
    "noext",
    "archive.txt.gz",
    "x.json",
    "doc.pdf",
    "evil.txt\u202egpj",
    "../../etc/passwd",
    ".txt",
]


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

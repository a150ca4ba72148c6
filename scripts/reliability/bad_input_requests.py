"""Bad requests to the JSON API's writes: malformed bodies, wrong types, huge strings,
unknown labels and ids, other users' records (see bad_input_cases for the catalogue)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from scripts.reliability.bad_input_files import ARTICLE

PASSAGE = "/api/passages/{passage}"
STANCE = PASSAGE + "/annotations/stance"
SPANS = PASSAGE + "/annotations/spans"
NOTE = PASSAGE + "/note"
FRESH_NOTE = "/api/passages/{fresh}/note"
ARTICLE_STANCE = "/api/articles/{article}/annotations/article_stance"
JSON_WRITES = (STANCE, SPANS, NOTE, ARTICLE_STANCE)


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


def json_body(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode()


def put_all(category: str, bodies: dict[str, bytes]) -> list[Case]:
    return [
        Case(category, f"{key} -> {url.rsplit('/', 1)[-1]}", url=url, body=body)
        for key, body in bodies.items()
        for url in JSON_WRITES
    ]


CONTROLS = [
    Case(
        "controls (must be accepted)",
        "a valid stance",
        url=STANCE,
        expect="accept",
        body=json_body({"values": ["for_open_release"], "version": None}),
    ),
    Case(
        "controls (must be accepted)",
        "a valid note",
        url=FRESH_NOTE,
        expect="accept",
        body=json_body({"text": "备注：依据见第二段。", "version": None}),
    ),
    Case(
        "controls (must be accepted)",
        "a valid UTF-8 file",
        expect="accept",
        upload=("control.txt", ("对照：" + ARTICLE).encode()),
    ),
    Case(
        "controls (must be accepted)",
        "revoke one's own token",
        method="POST",
        url="/tokens/{own_token}/revoke",
        session=True,
        expect="accept",
    ),
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
    Case(
        "ids of other users' records",
        "stance on a restricted passage",
        url="/api/passages/{other_passage}/annotations/stance",
        body=json_body({"values": ["for_open_release"], "version": None}),
    ),
    Case(
        "ids of other users' records",
        "spans on a restricted passage",
        url="/api/passages/{other_passage}/annotations/spans",
        body=json_body({"spans": [{"start": 0, "end": 2, "label": "holder"}], "version": None}),
    ),
    Case(
        "ids of other users' records",
        "note on a restricted passage",
        url="/api/passages/{other_passage}/note",
        body=json_body({"text": "x", "version": None}),
    ),
    Case(
        "ids of other users' records",
        "article label on a restricted article",
        url="/api/articles/{other_article}/annotations/article_stance",
        body=json_body({"values": ["for_open_release"], "version": None}),
    ),
    # Restriction is about who tags an article, not who reads it: reads may be answered.
    Case(
        "ids of other users' records",
        "read a restricted passage",
        method="GET",
        url="/api/passages/{other_passage}",
        expect="either",
    ),
    Case(
        "ids of other users' records",
        "read others' labels",
        method="GET",
        url="/api/passages/{other_passage}/others",
        expect="either",
    ),
    Case(
        "ids of other users' records",
        "revoke another user's token",
        method="POST",
        url="/tokens/{other_token}/revoke",
        session=True,
    ),
]

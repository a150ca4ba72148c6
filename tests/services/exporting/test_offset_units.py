"""Each format's spans land on the right text in that format's offset unit.

A passage with 😀 and 𠮷 (one code point, two UTF-16 units), ❤️ (two BMP code points, one
grapheme) and 🇨🇳 (two code points of two units each) before its spans: code points count
them 1, 1, 2, 2; doccano's editor (UTF-16) counts 2, 2, 2, 4.
"""

from __future__ import annotations

import json

import pyarrow.parquet as pq
import pytest

from annotator.extensions import db
from annotator.services.exporting import ExportOptionError, ExportOptions, export_lines
from annotator.services.exporting.formats import native_lines
from annotator.services.exporting.parquet import ParquetLines
from annotator.services.exporting.vocabulary import load_vocabulary
from tests.builders.articles import add_article
from tests.builders.labels import annotate
from tests.builders.users import make_users

PASSAGE = "😀开源𠮷好❤️中国🇨🇳研究者说：证据在此。"
SPANS = [("研究者", "holder"), ("证据在此", "evidence"), ("𠮷好", "evidence")]


@pytest.fixture
def astral(app):  # type: ignore[no-untyped-def]
    (passage,) = add_article(db.session, PASSAGE, [(PASSAGE, "body")], title="星外字符")
    users = make_users(db.session, "ann")
    keys = [(PASSAGE.index(t), PASSAGE.index(t) + len(t), label) for t, label in SPANS]
    annotate(db.session, passage, users["ann"], "spans", spans=keys)
    annotate(db.session, passage, users["ann"], "stance", ["for_open_release"])
    db.session.commit()


def _text(fmt: str, **options: object) -> str:
    return "".join(export_lines(db.session, ExportOptions(format=fmt, **options)))  # type: ignore[arg-type]


def _utf16_slice(text: str, start: int, end: int) -> str:
    return text.encode("utf-16-le")[2 * start : 2 * end].decode("utf-16-le")


def _covered(spans: list[tuple[int, int, str]], text: str, unit: str) -> set[tuple[str, str]]:
    cut = _utf16_slice if unit == "utf16" else lambda t, s, e: t[s:e]
    return {(cut(text, s, e), label) for s, e, label in spans}


EXPECTED = set(SPANS)


def test_native_offsets_are_code_points(astral):
    (line,) = map(json.loads, _text("native").splitlines())
    spans = [(s["start"], s["end"], s["label"]) for s in line["spans"]]
    assert _covered(spans, line["text"], "codepoint") == EXPECTED
    assert all(line["text"][s["start"] : s["end"]] == s["text"] for s in line["spans"])


@pytest.mark.parametrize("unit", [None, "utf16", "codepoint"])
def test_doccano_spans_offsets_in_the_chosen_unit(astral, unit):
    (line,) = map(json.loads, _text("doccano-spans", offset_unit=unit).splitlines())
    assert _covered(line["label"], line["text"], unit or "utf16") == EXPECTED
    # the two units really differ here: the check above is not vacuous
    holder = next(s for s in line["label"] if s[2] == "holder")
    assert holder[0] == (PASSAGE.index("研究者") + (4 if unit != "codepoint" else 0))


def test_label_studio_offsets_are_code_points(astral):
    (task,) = json.loads(_text("label-studio"))
    (annotation,) = task["annotations"]
    spans = [
        (r["value"]["start"], r["value"]["end"], r["value"]["labels"][0])
        for r in annotation["result"]
        if r["type"] == "labels"
    ]
    assert _covered(spans, task["data"]["text"], "codepoint") == EXPECTED


def test_parquet_offsets_are_code_points(astral, tmp_path):
    path = tmp_path / "x.parquet"
    writer = ParquetLines(path, load_vocabulary(db.session))
    for line in native_lines(db.session, ExportOptions(format="parquet")):
        writer.add(line)
    writer.close()
    (row,) = pq.read_table(path).to_pylist()
    spans = [(s["start"], s["end"], s["label"]) for s in row["spans"]]
    assert _covered(spans, row["text"], "codepoint") == EXPECTED


def test_a_unit_is_only_for_doccano(app):
    with pytest.raises(ExportOptionError):
        ExportOptions(format="native", offset_unit="utf16")
    with pytest.raises(ExportOptionError):
        ExportOptions(format="label-studio", offset_unit="utf16")
    assert ExportOptions(format="doccano-spans").offset_unit == "utf16"
    assert ExportOptions(format="native").offset_unit == "codepoint"

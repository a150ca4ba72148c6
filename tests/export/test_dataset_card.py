"""The card folder and the Parquet export load in `datasets`, pandas and DuckDB, values exact.

The large test builds what broke `load_dataset("json")`: 26,000 passages whose first
10 MiB has no labels and only year or month dates, then labels and full dates after.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, insert, select

from annotator.extensions import db
from annotator.models import (
    Annotation,
    AnnotationValue,
    Label,
    LabelSet,
    Span,
    utcnow,
)
from annotator.services.exporting.columns import arrow_schema
from annotator.services.exporting.vocabulary import load_vocabulary
from tests.builders.articles import bulk_article
from tests.builders.users import make_users

PER_ARTICLE = 500
PLAIN_ARTICLES, LABELED_ARTICLES = 46, 6  # 23,000 unlabeled passages first, 26,000 in all


def _label_ids(set_name: str) -> dict[str, int]:
    set_id = db.session.scalar(select(LabelSet.id).where(LabelSet.name == set_name))
    rows = db.session.execute(select(Label.id, Label.name).where(Label.label_set_id == set_id))
    return {name: id_ for id_, name in rows}


def _article(n: int, published: tuple[int, str]) -> list[int]:
    day, precision = published
    when = utcnow().date().replace(year=2000 + n % 20, month=12, day=day)
    return bulk_article(
        db.session, n, PER_ARTICLE, stride=200, length=150, published=when, precision=precision
    )


def bulk_labeled_late() -> None:
    """Unlabeled articles dated by year or month, then labeled ones with full dates."""
    user = make_users(db.session, "ann")["ann"]
    sets = {
        name: db.session.scalar(select(LabelSet.id).where(LabelSet.name == name))
        for name in ("stance", "bias_attribution", "spans")
    }
    stance, bias, spans = (_label_ids(n) for n in sets)
    next_id = (db.session.scalar(select(func.max(Annotation.id))) or 0) + 1
    now = utcnow()
    for n in range(PLAIN_ARTICLES):
        _article(n, (1, "year" if n % 2 else "month"))
    for n in range(PLAIN_ARTICLES, PLAIN_ARTICLES + LABELED_ARTICLES):
        annotations, values, marks = [], [], []
        for pid in _article(n, (n % 28 + 1, "day")):
            for set_name, chosen in (
                ("stance", [stance["for_open_release"]]),
                ("bias_attribution", [bias["data"], bias["researchers"]]),
                ("spans", []),
            ):
                annotations.append(
                    {
                        "id": next_id,
                        "passage_id": pid,
                        "user_id": user.id,
                        "label_set_id": sets[set_name],
                        "codebook_version": 1,
                        "version": 1,
                        "created_at": now,
                        "updated_at": now,
                    }
                )
                values += [{"annotation_id": next_id, "label_id": x} for x in chosen]
                if set_name == "spans":
                    marks.append(
                        {
                            "annotation_id": next_id,
                            "label_id": spans["holder"],
                            "start": 8,
                            "end": 11,
                        }
                    )
                next_id += 1
        db.session.execute(insert(Annotation), annotations)
        db.session.execute(insert(AnnotationValue), values)
        db.session.execute(insert(Span), marks)
    db.session.commit()


@pytest.mark.slow
def test_the_card_folder_and_the_parquet_file_load_in_datasets_with_exact_values(
    app, runner, tmp_path, monkeypatch
):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    import datasets

    bulk_labeled_late()
    card = tmp_path / "release"  # does not exist yet: the export creates it
    jsonl = card / "passages.jsonl"
    result = runner.invoke(args=["export", "-o", str(jsonl), "--card", str(card)])
    assert result.exit_code == 0, result.output
    raw = jsonl.read_bytes()
    lines = [json.loads(x) for x in raw.splitlines()]
    assert len(lines) == (PLAIN_ARTICLES + LABELED_ARTICLES) * PER_ARTICLE
    # the shape that broke the JSON loader's type inference
    head = [json.loads(x) for x in raw[: 10 * 2**20].splitlines()[:-1]]
    assert all(x["status"] == "unlabeled" and len(x["published"]) <= 7 for x in head)
    assert len(lines[-1]["published"]) == 10 and lines[-1]["labels"]["stance"]

    cache = str(tmp_path / "hf-cache")
    loaded = datasets.load_dataset(str(card), cache_dir=cache)["train"]
    assert loaded.to_list() == lines  # every value, not only the row count

    parquet = tmp_path / "passages.parquet"
    assert runner.invoke(args=["export", "-o", str(parquet), "--format", "parquet"]).exit_code == 0
    from_parquet = datasets.load_dataset("parquet", data_files=str(parquet), cache_dir=cache)
    assert from_parquet["train"].features == loaded.features
    assert from_parquet["train"].to_list() == lines


def test_the_card_declares_every_column_as_datasets_reads_it(runner, golden, tmp_path):
    from datasets import Features

    card = tmp_path / "card"
    out = card / "data" / "stance.parquet"
    (card / "data").mkdir(parents=True)
    result = runner.invoke(
        args=["export", "-o", str(out), "--format", "parquet", "--card", str(card)]
    )
    assert result.exit_code == 0, result.output
    text = (card / "README.md").read_text("utf-8")
    assert text.startswith("---\n")
    header = yaml.safe_load(text.split("---\n")[1])
    # a Parquet export inside the folder is the data file itself: no second copy
    assert header["configs"][0]["data_files"] == [{"split": "train", "path": "data/stance.parquet"}]
    assert not (card / "passages.parquet").exists()
    declared = Features._from_yaml_list(header["dataset_info"]["features"])
    assert declared == Features.from_arrow_schema(arrow_schema(load_vocabulary(db.session)))
    assert declared["published"].dtype == "string"
    assert declared["labels"]["stance"].dtype == "string"


def test_parquet_reads_the_same_in_pandas_and_duckdb(runner, golden, tmp_path):
    import duckdb
    import pandas as pd

    out, jsonl = tmp_path / "x.parquet", tmp_path / "x.jsonl"
    args = ["--status", "all", "--include-boilerplate"]
    assert (
        runner.invoke(args=["export", "-o", str(out), "--format", "parquet", *args]).exit_code == 0
    )
    assert runner.invoke(args=["export", "-o", str(jsonl), *args]).exit_code == 0
    lines = [json.loads(x) for x in jsonl.read_text("utf-8").splitlines()]
    assert lines and any(x["spans"] for x in lines)

    frame = pd.read_parquet(out)
    assert list(frame.columns) == list(lines[0])
    scalar = ["id", "published", "passage_index", "start", "end", "text", "status", "source"]
    got = frame[scalar].astype(object).where(frame[scalar].notna(), None).to_dict("records")
    assert got == [{k: x[k] for k in scalar} for x in lines]
    assert str(frame["passage_index"].dtype) == "int64"
    assert [list(x) for x in frame["labels"].map(lambda d: d["bias_attribution"])] == [
        x["labels"]["bias_attribution"] for x in lines
    ]

    relation = duckdb.sql(f"SELECT * FROM read_parquet('{Path(out).as_posix()}')")
    types = dict(zip(relation.columns, map(str, relation.types), strict=True))
    assert (types["published"], types["start"]) == ("VARCHAR", "BIGINT")
    rows = [dict(zip(relation.columns, row, strict=True)) for row in relation.fetchall()]
    assert rows == lines

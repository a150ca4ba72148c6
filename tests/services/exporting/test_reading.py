"""The reader pairs each label row with its passage whatever order the ids were given in."""

from __future__ import annotations

import json

from annotator.extensions import db
from annotator.models import Passage
from annotator.services.exporting import ExportOptions, export_lines
from tests.builders.articles import add_article
from tests.builders.labels import annotate, settle, write_note
from tests.builders.users import make_users

STANCES = ["for_open_release", "against_open_release", "neutral_or_mixed", "not_about_release"]


def reversed_article(title: str, size: int) -> list[Passage]:
    """An article whose passages were stored last index first, so ids run against the order."""
    pieces = [f"{title}第{i}段。" for i in range(size)]
    passages = add_article(
        db.session, "\n\n".join(pieces), [(p, "body") for p in pieces], title=title
    )
    for passage in passages:
        db.session.delete(passage)
    db.session.flush()
    again = [
        Passage(
            uid=p.uid,
            article_id=p.article_id,
            index=p.index,
            start=p.start,
            end=p.end,
            kind="boilerplate" if p.index % 5 == 4 else "body",
            text=p.text,
        )
        for p in reversed(passages)
    ]
    db.session.add_all(again)
    db.session.flush()
    return sorted(again, key=lambda p: p.index)


def lines(**options: object) -> dict[str, dict]:
    text = "".join(export_lines(db.session, ExportOptions(**options)))  # type: ignore[arg-type]
    return {line["id"]: line for line in map(json.loads, text.splitlines())}


def test_labels_reach_their_passage_when_ids_run_against_the_export_order(app):
    users = make_users(db.session, "ann", "bob") | make_users(db.session, "rev", role="reviewer")
    first, second = reversed_article("甲", 12), reversed_article("乙", 12)
    expected = {}
    for n, passage in enumerate(first + second):
        if n % 3 == 0:
            continue  # unlabelled, between labelled ones
        stance = STANCES[n % 4]
        annotate(db.session, passage, users["ann"], "stance", [stance])
        annotate(db.session, passage, users["ann"], "spans", spans=[(0, 1, "holder")])
        if n % 3 == 1:
            annotate(db.session, passage, users["bob"], "stance", [stance])
            write_note(db.session, passage, users["bob"], f"note {n}")
            expected[passage.uid] = ("agreed", stance, ["ann", "bob"])
        else:
            settle(db.session, passage, users["rev"], "stance", [STANCES[(n + 1) % 4]])
            settle(db.session, passage, users["rev"], "spans", spans=[(1, 2, "evidence")])
            expected[passage.uid] = ("gold", STANCES[(n + 1) % 4], ["ann"])
    db.session.commit()

    for include_boilerplate in (False, True):
        exported = lines(include_boilerplate=include_boilerplate)
        for passage in first + second:
            if passage.kind == "boilerplate" and not include_boilerplate:
                assert passage.uid not in exported
                continue
            line = exported[passage.uid]
            status, stance, who = expected.get(passage.uid, ("unlabeled", None, []))
            assert (line["status"], line["labels"]["stance"]) == (status, stance)
            assert [a["annotator"] for a in line["annotations"]] == who
            if status == "gold":
                assert line["spans"] == [
                    {
                        "start": 1,
                        "end": 2,
                        "label": "evidence",
                        "text": passage.text[1:2],
                        "stance": None,
                        "holder": None,
                    }
                ]
            if status == "agreed":
                assert line["annotations"][1]["note"].startswith("note ")

"""The issue's flow at the HTTP level: two editors tag a seed article blind, a reviewer settles.

Everything goes through the app's routes: the queue, the annotation API, blind mode, the
review pages, the agreement page and the history. (tests/browser/test_team_flow.py does
the same in real browsers.)
"""

from __future__ import annotations

import re
from pathlib import Path

from flask import Flask
from sklearn.metrics import cohen_kappa_score
from sqlalchemy import select

from annotator.extensions import db
from annotator.models import Article, Passage
from annotator.services.exporting import ExportOptions, native_lines
from annotator.services.importing import import_file
from annotator.services.importing.store import ImportOptions
from annotator.services.records import choice_sets
from annotator.services.resolution import resolve
from annotator.services.reviewing import review_detail, settled_gold
from annotator.services.tokenizer import get_tokenizer
from tests.builders.clients import sign_in
from tests.builders.team import Team
from tests.conftest import SEEDS

STANCES = ["for_open_release", "against_open_release", "neutral_or_mixed", "not_about_release"]


def _seed_article(app: Flask) -> Article:
    seed = sorted(SEEDS.glob("*.txt"))[0]
    report = import_file(db.session, Path(seed), get_tokenizer(db.session), ImportOptions())
    db.session.commit()
    return db.session.get(Article, report.article_ids[0])


def test_two_editors_tag_blind_and_a_reviewer_settles_every_conflict(app: Flask, team: Team):
    article = _seed_article(app)
    for p in team.passages:  # keep the queue on the seed article
        p.kind = "boilerplate"
    db.session.commit()
    body = db.session.scalars(
        select(Passage)
        .where(Passage.article_id == article.id, Passage.kind == "body")
        .order_by(Passage.index)
    ).all()
    body = body[:8]
    wanted = {p.id for p in body}
    clients = {}
    for name in ("alice", "bob", "rita"):
        clients[name] = app.test_client()
        sign_in(clients[name], name)
    # Each editor follows the queue; alice and bob disagree on every third passage.
    for name, shift in (("alice", 0), ("bob", 1)):
        after = None
        done = 0
        while done < len(body):
            got = clients[name].post("/api/queue/next", json={"after": after}).get_json()
            passage_id = got["passage"]["id"]
            assert passage_id in wanted
            passage = db.session.get(Passage, passage_id)
            others = clients[name].get(f"/api/passages/{passage_id}/others")
            assert others.status_code == 403  # blind until saved
            index = body.index(passage)
            stance = STANCES[(index + (shift if index % 3 == 0 else 0)) % 4]
            for set_name, values in (("stance", [stance]), ("bias_attribution", ["data"])):
                if set_name == "bias_attribution" and index % 2 == 0:
                    continue  # no blame assigned: the empty set, nothing to save
                saved = clients[name].put(
                    f"/api/passages/{passage_id}/annotations/{set_name}",
                    json={"values": values, "version": None},
                )
                assert saved.status_code == 200, saved.get_data(as_text=True)
            seen = clients[name].get(f"/api/passages/{passage_id}/others").get_json()
            if name == "bob":  # alice tagged it first, so bob now sees her labels
                assert [o["user"] for o in seen["others"]] == ["alice"]
            after = passage_id
            done += 1
    # Nobody else gets these passages any more: two editors each.
    carol = app.test_client()
    sign_in(carol, "carol")
    assert carol.post("/api/queue/next", json={}).get_json()["passage"]["id"] not in wanted

    # Agreement page figures match an independent computation.
    pairs = [(STANCES[i % 4], STANCES[(i + (1 if i % 3 == 0 else 0)) % 4]) for i in range(8)]
    kappa = cohen_kappa_score([a for a, _ in pairs], [b for _, b in pairs])
    html = clients["rita"].get("/agreement").get_data(as_text=True)
    section = html.split('data-set="stance"')[1].split("</section>")[0]
    assert re.search(r'data-figure="kappa">([^<]+)<', section).group(1) == f"{kappa:.3f}"

    # The reviewer settles every conflict from the list (a 1-1 split: no majority to override).
    conflicts = 0
    while True:
        listing = clients["rita"].get("/review").get_data(as_text=True)
        found = re.search(r'data-passage-id="(\d+)" data-status="conflict"', listing)
        if not found:
            break
        passage_id = int(found.group(1))
        page = clients["rita"].get(f"/review/{passage_id}").get_data(as_text=True)
        token = re.search(r'name="token" type="hidden" value="([^"]*)"', page).group(1)
        response = clients["rita"].post(
            f"/review/{passage_id}",
            data={
                "token": token,
                "set_stance": "neutral_or_mixed",
                "reason": "两人意见不一，取中立",
            },
        )
        assert response.status_code == 302, response.get_data(as_text=True)
        conflicts += 1
    assert conflicts == 3  # passages 0, 3 and 6
    sets = choice_sets(db.session)
    gold = settled_gold(db.session, [p.id for p in body])
    for i, p in enumerate(body):
        detail = review_detail(db.session, p.id)
        status = resolve(sets, [e.as_record(sets) for e in detail.editors], gold.get(p.id)).status
        assert status == ("gold" if i % 3 == 0 else "agreed")
        if i % 3 == 0:
            history = clients["rita"].get(f"/passages/{p.id}/history").get_data(as_text=True)
            assert "gold.settle" in history and history.count("annotation.save") >= 2
    # The export carries the gold: status, labels, and every editor's record behind it.
    lines = {line["id"]: line for line in native_lines(db.session, ExportOptions(status="gold"))}
    settled = [p for i, p in enumerate(body) if i % 3 == 0]
    assert sorted(lines) == sorted(p.uid for p in settled)
    for p in settled:
        line = lines[p.uid]
        assert line["status"] == "gold"
        assert line["labels"]["stance"] == "neutral_or_mixed"
        assert sorted(a["annotator"] for a in line["annotations"]) == ["alice", "bob"]

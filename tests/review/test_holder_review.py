"""Adjudicating holder stances on the review page settles them into gold."""

from __future__ import annotations

import re

from flask import Flask

from annotator.extensions import db
from annotator.services.annotating import (
    SpanInput,
    find_label_set,
    load_vocabulary,
    save_choice,
    save_spans,
)
from annotator.services.passage_state import state_drift
from annotator.services.reviewing import settled_gold
from annotator.services.rollup import rollup_articles
from tests.builders.clients import sign_in
from tests.builders.team import Team

HOLDER = (0, 3, "holder")  # "研究者"
EVIDENCE = (5, 9, "evidence")


def _tag(team: Team, who: str, stance: str, holder_stance: str | None) -> None:
    vocabulary = load_vocabulary(db.session)
    user, p = team.users[who], team.passages[0]
    save_choice(db.session, p, user.id, find_label_set(vocabulary, "stance"), [stance], None)
    spans = [
        SpanInput(0, 3, "holder", holder_stance),
        SpanInput(5, 9, "evidence", None, (0, 3)),
    ]
    span_set = find_label_set(vocabulary, "spans")
    save_spans(db.session, p, user.id, span_set, spans, None, vocabulary.sets["stance"])


def test_the_reviewer_settles_a_disputed_holder_stance_into_gold(app: Flask, team: Team):
    _tag(team, "alice", "for_open_release", "against_open_release")
    _tag(team, "bob", "for_open_release", "neutral_or_mixed")
    db.session.commit()
    p = team.passages[0]
    client = app.test_client()
    sign_in(client, "rita")
    page = client.get(f"/review/{p.id}?lang=en").get_data(as_text=True)
    # Each editor's own stance is shown; the form cannot pre-select a disputed one,
    # but pre-selects the link both editors made.
    assert 'data-own-stance="against_open_release"' in page
    assert 'data-own-stance="neutral_or_mixed"' in page
    assert re.search(r'data-holder-stance="0:3:holder">\s*<option value="">', page)
    assert re.search(r'<option value="0:3" selected>', page)
    token = re.search(r'name="token" type="hidden" value="([^"]*)"', page).group(1)
    response = client.post(
        f"/review/{p.id}",
        data={
            "token": token,
            "set_stance": "for_open_release",
            "spans": ["0:3:holder", "5:9:evidence"],
            "stance:0:3:holder": "against_open_release",
            "holder:5:9:evidence": "0:3",
            "reason": "持有者反对",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    gold = settled_gold(db.session, [p.id])[p.id]
    assert gold.links[HOLDER].stance == "against_open_release"
    assert gold.links[EVIDENCE].holder == (0, 3)
    assert state_drift(db.session) == []
    holders = rollup_articles(db.session, [team.article.id])[team.article.id].holders
    assert [(h.name, h.stances, h.main_source) for h in holders] == [
        ("研究者", {"against_open_release": 1}, "holder")
    ]
    # The page now pre-selects the gold's stance.
    page = client.get(f"/review/{p.id}?lang=en").get_data(as_text=True)
    assert re.search(r'<option value="against_open_release" selected>', page)


def test_a_gold_stance_off_a_holder_is_refused(app: Flask, team: Team):
    _tag(team, "alice", "for_open_release", None)
    db.session.commit()
    p = team.passages[0]
    client = app.test_client()
    sign_in(client, "rita")
    page = client.get(f"/review/{p.id}?lang=en").get_data(as_text=True)
    token = re.search(r'name="token" type="hidden" value="([^"]*)"', page).group(1)
    response = client.post(
        f"/review/{p.id}?lang=en",
        data={
            "token": token,
            "set_stance": "for_open_release",
            "spans": ["5:9:evidence"],
            "holder:5:9:evidence": "0:3",  # the holder is not part of the gold
        },
    )
    assert response.status_code == 400
    assert "The linked holder is not a holder span of this passage." in response.get_data(
        as_text=True
    )
    assert settled_gold(db.session, [p.id]) == {}

"""Agreement on holder stances: the matching rule, and figures checked by hand formulas."""

from __future__ import annotations

import json
from collections import Counter
from itertools import permutations

from sqlalchemy import delete

from annotator.extensions import db
from annotator.models import HolderAlias
from annotator.services.agreement import agreement_summary
from annotator.services.annotating import SpanInput, find_label_set, load_vocabulary, save_spans
from annotator.services.holder_agreement import HolderMention, match_holders
from tests.builders.articles import import_article
from tests.builders.clients import sign_in
from tests.builders.labels import tag
from tests.builders.users import make_user

TEXT = """标题

OpenAI拒绝开源,杨立昆(LeCun)批评,网友嘲讽。

LeCun说应该发表。
"""


def _m(editor, start, end, name="", stance=None):
    return HolderMention(editor, start, end, name, stance)


def test_the_matching_rule_folds_aliases_and_needs_half_the_longer_span():
    units = match_holders(
        [
            _m("a", 0, 6, "openai"),
            _m("b", 0, 7, "openai拒"),  # 6 of 7 characters shared: matched
            _m("a", 20, 22, "网友"),
            _m("b", 21, 25, "友嘲讽。"),  # 1 of 4: not matched
            _m("a", 10, 13, "lecun"),
            _m("b", 14, 19, "lecun"),  # no overlap, the same holder after folding
        ]
    )
    pairs = sorted(tuple(sorted((w, m.start) for w, m in u.items())) for u in units)
    assert pairs == [
        (("a", 0), ("b", 0)),
        (("a", 10), ("b", 14)),
        (("a", 20),),
        (("b", 21),),
    ]


def _spans(passage, who, holders):
    vocabulary = load_vocabulary(db.session)
    inputs = []
    for text, stance in holders:
        start = passage.text.index(text)
        inputs.append(SpanInput(start, start + len(text), "holder", stance))
    span_set = find_label_set(vocabulary, "spans")
    save_spans(db.session, passage, who.id, span_set, inputs, None, vocabulary.sets["stance"])


def _scenario():
    db.session.execute(delete(HolderAlias))
    db.session.add(HolderAlias(alias="杨立昆", canonical="LeCun"))
    article = import_article(db.session, TEXT, name="agree.txt")
    first, second = article.passages[1], article.passages[2]
    alice, bob = make_user(db.session, "alice"), make_user(db.session, "bob")
    tag(db.session, first, alice, stance="neutral_or_mixed")
    tag(db.session, first, bob, stance="for_open_release")
    _spans(
        first,
        alice,
        [("OpenAI", "against_open_release"), ("杨立昆", "for_open_release"), ("网友", None)],
    )
    _spans(
        first,
        bob,
        [
            ("OpenAI拒", "against_open_release"),
            ("LeCun", "neutral_or_mixed"),
            ("网友嘲", None),
            ("批评", "for_open_release"),
        ],
    )
    for who in (alice, bob):
        tag(db.session, second, who, stance="for_open_release")
        _spans(second, who, [("LeCun", "for_open_release")])
    db.session.commit()


# What each editor's holder holds on the matched units, written out by hand:
# OpenAI (own), LeCun/杨立昆 (own), 网友 (each editor's passage stance), LeCun in §2.
ALICE = ["against_open_release", "for_open_release", "neutral_or_mixed", "for_open_release"]
BOB = ["against_open_release", "neutral_or_mixed", "for_open_release", "for_open_release"]


def _cohen(a, b):
    n = len(a)
    observed = sum(x == y for x, y in zip(a, b, strict=True)) / n
    pa, pb = Counter(a), Counter(b)
    expected = sum(pa[k] * pb[k] for k in pa) / n / n
    return (observed - expected) / (1 - expected)


def _alpha(a, b):
    pairs = Counter()
    for x, y in zip(a, b, strict=True):
        for c, k in permutations((x, y)):
            pairs[(c, k)] += 1  # two values per unit: each ordered pair counts 1/(2-1)
    totals = Counter(a) + Counter(b)
    n = sum(totals.values())
    disagree = sum(v for (c, k), v in pairs.items() if c != k)
    expected = sum(totals[c] * totals[k] for c in totals for k in totals if c != k)
    return 1 - (n - 1) * disagree / expected


def test_holder_stance_agreement_matches_an_independent_computation(app, runner):
    _scenario()
    report = next(r for r in agreement_summary(db.session) if r["label_set"] == "holder_stance")
    assert report["n_units"] == 4  # bob's 批评 has no partner and does not count
    assert report["observed"] == 0.5
    assert round(_cohen(ALICE, BOB), 4) == 0.2 and round(_alpha(ALICE, BOB), 4) == 0.3
    assert report["pairs"][0]["kappa"] == round(_cohen(ALICE, BOB), 4)
    assert report["alpha"] == round(_alpha(ALICE, BOB), 4)
    result = runner.invoke(args=["agreement", "--json"])
    assert result.exit_code == 0, result.output
    cli = next(r for r in json.loads(result.output) if r["label_set"] == "holder_stance")
    assert cli == report


def test_the_agreement_page_shows_the_holder_stance_report(app, client):
    _scenario()
    make_user(db.session, "rita", "reviewer")
    db.session.commit()

    sign_in(client, "rita")
    page = client.get("/agreement").get_data(as_text=True)
    assert 'data-set="holder_stance"' in page

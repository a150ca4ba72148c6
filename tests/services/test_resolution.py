"""Status and resolved labels from annotators' records."""

from annotator.services.resolution import Gold, LabelSetInfo, Record, SpanSetInfo, resolve

SETS = [LabelSetInfo("stance", "single"), LabelSetInfo("bias_attribution", "multi")]


def rec(who, stance=None, bias=(), spans=()):
    return Record(who, {"stance": stance, "bias_attribution": frozenset(bias)}, frozenset(spans))


def test_unlabeled_has_null_and_empty_labels():
    r = resolve(SETS, [])
    assert (r.status, r.labels, r.spans) == (
        "unlabeled",
        {"stance": None, "bias_attribution": []},
        [],
    )


def test_single_annotator_labels_are_taken_as_they_are():
    r = resolve(SETS, [rec("ann", "for_open_release", ["researchers", "data"], [(0, 2, "holder")])])
    assert r.status == "single"
    assert r.labels == {"stance": "for_open_release", "bias_attribution": ["data", "researchers"]}
    assert r.spans == [(0, 2, "holder")]


def test_agreement_needs_every_set_equal_and_keeps_common_spans():
    a = rec("a", "against_open_release", ["data"], [(0, 2, "holder"), (3, 5, "evidence")])
    b = rec("b", "against_open_release", ["data"], [(0, 2, "holder")])
    r = resolve(SETS, [a, b])
    assert r.status == "agreed"
    assert r.labels["stance"] == "against_open_release"
    assert r.spans == [(0, 2, "holder")]


def test_a_multi_choice_difference_is_a_conflict_of_that_set_only():
    a = rec("a", "against_open_release", ["data"], [(0, 2, "holder")])
    b = rec("b", "against_open_release", ["data", "model_or_method"], [(0, 2, "holder")])
    r = resolve(SETS, [a, b])
    assert r.status == "conflict"
    # The stance both chose survives the disagreement on attribution.
    assert r.labels == {"stance": "against_open_release", "bias_attribution": []}
    assert {k: v.status for k, v in r.sets.items()} == {
        "stance": "agreed",
        "bias_attribution": "conflict",
    }
    assert r.sets["stance"].annotators == 2
    assert r.spans == [(0, 2, "holder")]


def test_a_single_choice_conflict_leaves_agreed_sets_alone():
    a = rec("a", "for_open_release", ["data"])
    b = rec("b", "against_open_release", ["data"])
    r = resolve(SETS, [a, b])
    assert (r.status, r.labels) == ("conflict", {"stance": None, "bias_attribution": ["data"]})


def test_gold_settles_only_its_own_sets():
    a, b = rec("a", "for_open_release", ["data"]), rec("b", "against_open_release", ["data"])
    r = resolve(SETS, [a, b], Gold({"stance": "against_open_release"}))
    assert r.status == "gold"
    assert r.labels == {"stance": "against_open_release", "bias_attribution": ["data"]}
    assert r.sets["stance"].status == "gold" and r.sets["bias_attribution"].status == "agreed"


def test_spans_resolve_per_span_set_with_gold_where_settled():
    spans = [SpanSetInfo("who", frozenset({"holder"})), SpanSetInfo("why", frozenset({"evidence"}))]
    a = rec("a", "for_open_release", spans=[(0, 2, "holder"), (3, 5, "evidence")])
    b = rec("b", "for_open_release", spans=[(0, 2, "holder"), (6, 8, "evidence")])
    gold = Gold(spans={"why": frozenset({(1, 4, "evidence")})})
    assert resolve(SETS, [a, b], gold, spans).spans == [(0, 2, "holder"), (1, 4, "evidence")]
    assert resolve(SETS, [a, b], None, spans).spans == [(0, 2, "holder")]


def test_missing_set_counts_as_nothing_chosen():
    a = Record("a", {"stance": "neutral_or_mixed"})
    b = rec("b", "neutral_or_mixed", [])
    assert resolve(SETS, [a, b]).status == "agreed"


def test_gold_overrides_a_conflict():
    a, b = rec("a", "for_open_release"), rec("b", "against_open_release")
    gold = rec("gold", "for_open_release", ["deployment_or_society"])
    r = resolve(SETS, [a, b], Gold.whole(gold, SETS))
    assert r.status == "gold"
    assert r.labels == {"stance": "for_open_release", "bias_attribution": ["deployment_or_society"]}

"""Random label writes for property tests: editors' labels and spans, reviewers' decisions.

Each step goes through the services (the one label writer), committed as a request would,
so the maintained passage state is whatever the writer made of it.
"""

from __future__ import annotations

from hypothesis import strategies as st
from sqlalchemy import delete, select

from annotator.extensions import db
from annotator.models import (
    Annotation,
    GoldAnnotation,
    PassageResolvedLabel,
    PassageSetState,
    PassageState,
)
from annotator.services.annotating import (
    SpanInput,
    find_label_set,
    load_vocabulary,
    save_choice,
    save_spans,
)
from annotator.services.reviewing import Decision, ReviewError, gold_token, reopen, settle
from tests.builders.team import Team

STANCES = ["for_open_release", "against_open_release", "neutral_or_mixed", None]
BIASES = ["data", "model_or_method", "researchers"]
EDITORS = ["alice", "bob", "carol"]

EDITOR_WRITE = st.tuples(
    st.just("label"),
    st.sampled_from(EDITORS),
    st.integers(0, 2),  # passage
    st.sampled_from(STANCES),
    st.frozensets(st.sampled_from(BIASES), max_size=2),
    st.frozensets(
        st.sampled_from([(0, 2, "holder"), (3, 6, "evidence"), (4, 6, "holder")]), max_size=3
    ),
    st.sampled_from(STANCES),  # the holders' own stance (None: the passage's)
    st.booleans(),  # link the evidence to the first holder
)
REVIEW = st.tuples(
    st.sampled_from(["settle", "reopen"]), st.integers(0, 2), st.sampled_from(STANCES[:3])
)


def _version(passage_id: int, user_id: int, set_id: int) -> int | None:
    return db.session.scalar(
        select(Annotation.version).where(
            Annotation.passage_id == passage_id,
            Annotation.user_id == user_id,
            Annotation.label_set_id == set_id,
        )
    )


def apply_write(team: Team, step: tuple) -> None:  # type: ignore[type-arg]
    vocabulary = load_vocabulary(db.session)
    if step[0] == "label":
        _, name, index, stance, bias, spans, holder_stance, linked = step
        user, passage = team.users[name], team.passages[index]
        for set_name, values in (("stance", [stance] if stance else []), ("bias", bias)):
            label_set = find_label_set(
                vocabulary, "bias_attribution" if set_name == "bias" else set_name
            )
            version = _version(passage.id, user.id, label_set.id)
            save_choice(db.session, passage, user.id, label_set, sorted(values), version)
        span_set = find_label_set(vocabulary, "spans")
        holders = [(a, b) for a, b, label in sorted(spans) if label == "holder"]
        inputs = [
            SpanInput(
                a,
                b,
                label,
                holder_stance if label == "holder" else None,
                holders[0] if label == "evidence" and linked and holders else None,
            )
            for a, b, label in sorted(spans)
        ]
        save_spans(
            db.session,
            passage,
            user.id,
            span_set,
            inputs,
            _version(passage.id, user.id, span_set.id),
            vocabulary.sets["stance"],
        )
    else:
        kind, index, stance = step
        passage, rita = team.passages[index], team.users["rita"]
        token = gold_token(db.session, passage.id)
        try:
            if kind == "settle":
                decision = Decision({"stance": stance}, [], reason="抽查")
                settle(db.session, passage.id, rita, decision, token)
            else:
                reopen(db.session, passage.id, rita, "再议", token)
        except ReviewError:
            db.session.rollback()  # nothing to reopen, or already reopened: refused whole
            return
    db.session.commit()


def clear_labels() -> None:
    for table in (PassageResolvedLabel, PassageSetState, PassageState, GoldAnnotation, Annotation):
        db.session.execute(delete(table))
    db.session.commit()

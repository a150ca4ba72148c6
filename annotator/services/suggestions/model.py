"""Train the learned suggester on the team's resolved labels and store its predictions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import delete, exists, func, insert, or_, select
from sqlalchemy.orm import Session

from annotator.models import (
    Annotation,
    GoldAnnotation,
    Label,
    LabelSet,
    Passage,
    PassageResolvedLabel,
    PassageSetState,
    Prediction,
)
from annotator.services.events import record_event
from annotator.services.suggestions.learning import NotEnoughLabels, Value, fit
from annotator.services.suggestions.types import LabelSuggestion

RESOLVED = ("single", "agreed", "gold")
CHUNK = 1000


@dataclass
class SetTraining:
    label_set: str
    examples: int
    status: str  # "trained" | "unchanged" | "not enough labels"
    message: str = ""
    version: str | None = None
    predictions: int = 0


@dataclass
class TrainReport:
    sets: list[SetTraining] = field(default_factory=list)

    @property
    def trained(self) -> bool:
        return any(s.status == "trained" for s in self.sets)


@dataclass
class LabeledSet:
    """One choice set's settled examples: passage ids, index texts and resolved values."""

    kind: str
    passage_ids: list[int] = field(default_factory=list)
    docs: list[str] = field(default_factory=list)
    values: list[Value] = field(default_factory=list)


def labeled_examples(session: Session) -> dict[str, LabeledSet]:
    """Per choice set, the passages whose value for it is settled (single, agreed or gold).

    Read from the maintained passage state, set by set: a passage whose editors disagree on
    the attribution still teaches the stance they agreed on.
    """
    sets = session.scalars(
        select(LabelSet)
        .where(LabelSet.kind.in_(("single", "multi")), LabelSet.retired_at.is_(None))
        .order_by(LabelSet.position, LabelSet.id)
    ).all()
    result: dict[str, LabeledSet] = {}
    for label_set in sets:
        found = result[label_set.name] = LabeledSet(label_set.kind)
        # Only passages where someone answered this set: silence is not "no label".
        answered = or_(
            exists().where(
                Annotation.passage_id == PassageSetState.passage_id,
                Annotation.label_set_id == label_set.id,
            ),
            exists().where(
                GoldAnnotation.passage_id == PassageSetState.passage_id,
                GoldAnnotation.label_set_id == label_set.id,
                GoldAnnotation.state == "settled",
            ),
        )
        settled = (
            select(PassageSetState.passage_id)
            .where(
                PassageSetState.label_set_id == label_set.id,
                PassageSetState.status.in_(RESOLVED),
                answered,
            )
            .subquery()
        )
        values: dict[int, set[str]] = {}
        for pid, name in session.execute(
            select(PassageResolvedLabel.passage_id, Label.name)
            .join(Label, Label.id == PassageResolvedLabel.label_id)
            .where(
                Label.label_set_id == label_set.id,
                PassageResolvedLabel.passage_id.in_(select(settled.c.passage_id)),
            )
        ):
            values.setdefault(pid, set()).add(name)
        rows = session.execute(
            select(Passage.id, Passage.search_text)
            .join(settled, settled.c.passage_id == Passage.id)
            .order_by(Passage.id)
        )
        for pid, text in rows:
            chosen = values.get(pid, set())
            if label_set.kind == "single":
                if len(chosen) != 1:
                    continue
                found.values.append(next(iter(chosen)))
            else:
                found.values.append(frozenset(chosen))
            found.passage_ids.append(pid)
            found.docs.append(text)
    return result


def _stored_version(session: Session, label_set: str) -> str | None:
    return session.scalar(
        select(Prediction.model_version)
        .join(Label, Prediction.label_id == Label.id)
        .join(LabelSet)
        .where(Prediction.source == "model", LabelSet.name == label_set)
        .limit(1)
    )


def train_models(
    session: Session,
    *,
    force: bool = False,
    actor_id: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> TrainReport:
    """Fit each choice set's model when its labels changed, and predict every body passage.

    `progress(done, total)` counts passages predicted over all choice sets (a set left
    unchanged counts as done at once); it may raise to stop the work before the commit.
    """
    report = TrainReport()
    examples = labeled_examples(session)
    body = session.scalar(select(func.count(Passage.id)).where(Passage.kind == "body")) or 0
    total, done = body * len(examples), 0

    def advance(step: int) -> None:
        nonlocal done
        done += step
        if progress is not None:
            progress(min(done, total), total)

    for name, labeled in examples.items():
        kind, docs, values = labeled.kind, labeled.docs, labeled.values
        try:
            model = fit(kind, docs, values)
        except NotEnoughLabels as exc:
            report.sets.append(SetTraining(name, len(docs), "not enough labels", str(exc)))
            advance(body)
            continue
        if not force and _stored_version(session, name) == model.version:
            report.sets.append(SetTraining(name, len(docs), "unchanged", version=model.version))
            advance(body)
            continue
        label_ids = dict(
            session.execute(
                select(Label.name, Label.id).join(LabelSet).where(LabelSet.name == name)
            ).all()
        )
        session.execute(
            delete(Prediction).where(
                Prediction.source == "model", Prediction.label_id.in_(list(label_ids.values()))
            )
        )
        count = 0
        passages = session.execute(
            select(Passage.id, Passage.search_text)
            .where(Passage.kind == "body")
            .order_by(Passage.id)
        ).all()
        reason = f"learned from {len(docs)} labeled passages"
        for i in range(0, len(passages), CHUNK):
            chunk = passages[i : i + CHUNK]
            rows = [
                {
                    "passage_id": pid,
                    "label_id": label_ids[label],
                    "source": "model",
                    "model_version": model.version,
                    "confidence": round(prob, 4),
                    "reason": reason,
                }
                for (pid, _), picks in zip(chunk, model.predict([t for _, t in chunk]), strict=True)
                for label, prob in picks
                if label in label_ids
            ]
            if rows:
                session.execute(insert(Prediction), rows)
                count += len(rows)
            advance(len(chunk))
        record_event(
            session,
            actor_id=actor_id,
            action="suggestions.train",
            entity="label_set",
            entity_id=name,
            after={
                "version": model.version,
                "examples": len(docs),
                "predictions": count,
                "skipped_labels": model.skipped,
            },
        )
        report.sets.append(
            SetTraining(name, len(docs), "trained", version=model.version, predictions=count)
        )
    session.flush()
    return report


def model_suggestions(session: Session, passage_id: int) -> list[LabelSuggestion]:
    """The stored model predictions for one passage, most confident first."""
    rows = session.execute(
        select(
            LabelSet.name,
            Label.name,
            Prediction.confidence,
            Prediction.reason,
            Prediction.model_version,
        )
        .join(Label, Prediction.label_id == Label.id)
        .join(LabelSet)
        .where(Prediction.passage_id == passage_id, Prediction.source == "model")
        .order_by(Prediction.confidence.desc(), Label.position)
    )
    return [
        LabelSuggestion(set_name, label, "model", confidence, reason, version)
        for set_name, label, confidence, reason, version in rows
    ]

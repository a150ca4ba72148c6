"""Load annotations: native export lines, pre-annotations, doccano and Label Studio exports.

A native line restores every annotator's record; with --as, each line (a full export line
or a minimal one), doccano record or Label Studio annotation becomes a Proposal planned
the same way. Every problem is reported with its line (or record) number. The service
only adds and flushes: the caller commits when there were no errors (or --skip-invalid
was given) and rolls back otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.models import User
from annotator.services.annotation_import.doccano import doccano_proposal
from annotator.services.annotation_import.label_names import LabelNames
from annotator.services.annotation_import.label_studio import read_tasks, task_proposals
from annotator.services.annotation_import.lines import (
    LineError,
    LineInvalid,
    check_labels,
    check_spans,
    numbered_lines,
    parse_line,
    parse_timestamp,
)
from annotator.services.annotation_import.lookup import Lookup
from annotator.services.annotation_import.proposals import Proposal, parse_minimal_line
from annotator.services.annotation_import.writes import (
    AnnotationWrite,
    GoldWrite,
    Links,
    NoteWrite,
    Plan,
    SpanKey,
    apply_plan,
    drop_unchanged,
)
from annotator.services.exporting.vocabulary import ExportVocabulary, load_vocabulary
from annotator.services.holder_links import SpanLink
from annotator.services.schema import current_codebook_version

__all__ = [
    "AnnotationImportError",
    "AnnotationImportOptions",
    "AnnotationImportReport",
    "LineError",
    "SOURCES",
    "import_annotations",
]

SOURCES = ("native", "doccano", "label-studio")


class AnnotationImportError(ValueError):
    """The options cannot work (e.g. an unknown --as user); nothing was read."""


@dataclass(frozen=True)
class AnnotationImportOptions:
    as_user: str | None = None  # import each line's resolved labels as this user's own
    as_gold: bool = False  # import each line's resolved labels as gold settled by as_user
    reviewer: str | None = None  # who settled restored gold lines
    create_users: bool = False
    source: str = "native"  # or doccano, label-studio: another tool's export
    offset_unit: str = "utf16"  # of doccano span offsets
    label_map: dict[str, str] = field(default_factory=dict)  # --map OLD=NEW
    user_map: dict[str, str] = field(default_factory=dict)  # --user LS_ID_OR_EMAIL=USERNAME


@dataclass
class AnnotationImportReport:
    lines: int = 0
    imported: int = 0  # lines that added rows
    unchanged: int = 0  # valid lines whose rows were all stored already
    rows: int = 0
    errors: list[LineError] = field(default_factory=list)
    unit: str = "line"  # what an error's number counts: lines, or a tool's records

    def as_dict(self) -> dict[str, Any]:
        return {
            "lines": self.lines,
            "imported": self.imported,
            "unchanged": self.unchanged,
            "rows": self.rows,
            "errors": [{"line": e.line, "reason": e.reason} for e in self.errors],
        }


class _Importer:
    def __init__(self, session: Session, options: AnnotationImportOptions) -> None:
        self.session = session
        self.options = options
        self.vocabulary: ExportVocabulary = load_vocabulary(session)
        self.as_user = self._staff(options.as_user, "--as", need_reviewer=options.as_gold)
        self.reviewer = self._staff(options.reviewer, "--reviewer", need_reviewer=True)
        actor = self.as_user or self.reviewer
        self.actor_id = actor.id if actor else None
        self.lookup = Lookup(session, options.create_users, self.actor_id)
        self.codebook_version = current_codebook_version(session)
        self.names = LabelNames(self.vocabulary, options.label_map)
        # doccano exports one file per annotator and names none; Label Studio names each
        # annotation's author, so --user mappings can stand in for --as.
        named = options.source == "label-studio" and options.user_map
        if options.source != "native" and self.as_user is None and not named:
            raise AnnotationImportError(f"--from {options.source} needs --as USER: whose labels")
        if options.source == "label-studio" and options.as_gold:
            raise AnnotationImportError("--as-gold takes native or doccano files, one view each")

    def _staff(self, name: str | None, option: str, need_reviewer: bool) -> User | None:
        if name is None:
            if option == "--as" and self.options.as_gold:
                raise AnnotationImportError("--as-gold needs --as REVIEWER: who settles the gold")
            return None
        user: User | None = self.session.scalar(select(User).where(User.username == name))
        if user is None:
            raise AnnotationImportError(f"{option}: no user {name!r}")
        if need_reviewer and not user.can("reviewer"):
            raise AnnotationImportError(f"{option}: {name} is an editor; gold needs a reviewer")
        return user

    def plan(self, line: dict[str, Any]) -> Plan:
        """Restore a full native line: every annotator's record, and gold as the line says."""
        passage = self.lookup.passage(line["article_id"], line["start"], line["end"], line["text"])
        plan = Plan(passage.id)
        self._restore(line, passage.text, plan)
        if line.get("gold") or line["status"] == "gold":
            labels = check_labels(line["labels"], self.vocabulary, "labels")
            spans = check_spans(line["spans"], passage.text, self.vocabulary, "spans")
            if line.get("gold"):
                plan.gold = self._provenanced_gold(line["gold"], labels, spans)
            elif self.reviewer is None:
                raise LineInvalid("status is gold: name who settled it with --reviewer USER")
            else:
                plan.gold = self._gold(labels, spans, self.reviewer.id)
        return plan

    def plan_proposal(self, proposal: Proposal) -> Plan:
        """One user's labels for one passage: theirs (--as), or gold (--as-gold)."""
        passage = self.lookup.locate(proposal.locator)
        plan = Plan(passage.id)
        labels = check_labels(proposal.labels, self.vocabulary, "labels")
        spans = check_spans(proposal.spans, passage.text, self.vocabulary, "spans")
        if self.options.as_gold:
            assert self.as_user is not None
            if proposal.status not in ("unlabeled", "conflict"):
                plan.gold = self._gold(labels, spans, self.as_user.id)
            return plan
        name = proposal.user or (self.as_user.username if self.as_user else "")
        user_id = self.lookup.check_user(name, "user")
        version = {"codebook_version": self.codebook_version}
        plan.annotations = self._annotations(name, user_id, labels, spans, version)
        if proposal.note:
            plan.notes.append(NoteWrite(name, user_id, proposal.note))
        return plan

    def plans(self, text: str) -> list[Plan]:
        """The plans of one line of a JSONL file."""
        if self.options.source == "doccano":
            unit = self.options.offset_unit
            return [self.plan_proposal(doccano_proposal(text, self.names, unit))]
        if self.as_user is not None:
            return [self.plan_proposal(parse_minimal_line(text))]
        return [self.plan(parse_line(text))]

    def _provenanced_gold(
        self,
        provenance: dict[str, Any],
        labels: dict[str, list[str]],
        spans: dict[str, dict[SpanKey, SpanLink]],
    ) -> list[GoldWrite]:
        """Gold for exactly the sets the line says were settled, by whom, when and why."""
        choice = {s.name for s in self.vocabulary.choice_sets}
        span_sets = {s.name for s in self.vocabulary.span_sets}
        writes = []
        for set_name, given in sorted(provenance.items()):
            if given is None:
                continue  # a set nobody settled
            where = f"gold/{set_name}"
            if set_name not in choice | span_sets:
                raise LineInvalid(f"{where}: no active label set {set_name!r}")
            reviewer = given["reviewer"]
            extra = {
                "reviewer": reviewer,
                "reason": given["reason"],
                "settled_at": parse_timestamp(given["settled_at"], f"{where}/settled_at"),
            }
            user_id = self.lookup.check_user(reviewer, f"{where}/reviewer")
            if set_name in choice:
                values = frozenset(labels.get(set_name, []))
                writes.append(GoldWrite(set_name, user_id, values=values, **extra))
            else:
                found = spans.get(set_name, {})
                writes.append(
                    GoldWrite(
                        set_name, user_id, spans=frozenset(found), links=_links(found), **extra
                    )
                )
        return writes

    def _restore(self, line: dict[str, Any], text: str, plan: Plan) -> None:
        for i, record in enumerate(line["annotations"]):
            where = f"annotations/{i}"
            name = record["annotator"]
            user_id = self.lookup.check_user(name, f"{where}/annotator")
            times = {
                "created_at": parse_timestamp(record["created_at"], f"{where}/created_at"),
                "updated_at": parse_timestamp(record["updated_at"], f"{where}/updated_at"),
            }
            labels = check_labels(record["labels"], self.vocabulary, f"{where}/labels")
            spans = check_spans(record["spans"], text, self.vocabulary, f"{where}/spans")
            plan.annotations += self._annotations(
                name,
                user_id,
                labels,
                spans,
                {"codebook_version": record["codebook_version"], **times},
            )
            if record["note"]:
                plan.notes.append(NoteWrite(name, user_id, record["note"], **times))

    def _annotations(
        self,
        name: str,
        user_id: int | None,
        labels: dict[str, list[str]],
        spans: dict[str, dict[SpanKey, SpanLink]],
        extra: dict[str, Any],
    ) -> list[AnnotationWrite]:
        # Empty sets are not stored: an annotation row with nothing in it says nothing.
        writes = [
            AnnotationWrite(name, user_id, set_name, values=frozenset(values), **extra)
            for set_name, values in labels.items()
            if values
        ]
        writes += [
            AnnotationWrite(
                name, user_id, set_name, spans=frozenset(found), links=_links(found), **extra
            )
            for set_name, found in spans.items()
            if found
        ]
        return writes

    def _gold(
        self,
        labels: dict[str, list[str]],
        spans: dict[str, dict[SpanKey, SpanLink]],
        reviewer_id: int,
    ) -> list[GoldWrite]:
        # A gold decision covers every set, empty ones included: "no bias" is a decision.
        writes = [
            GoldWrite(s.name, reviewer_id, values=frozenset(labels.get(s.name, [])))
            for s in self.vocabulary.choice_sets
        ]
        writes += [
            GoldWrite(
                s.name,
                reviewer_id,
                spans=frozenset(spans.get(s.name, {})),
                links=_links(spans.get(s.name, {})),
            )
            for s in self.vocabulary.span_sets
        ]
        return writes


def _links(spans: dict[SpanKey, SpanLink]) -> Links:
    """The spans of a set that carry a holder stance or evidence link."""
    return frozenset((key, link) for key, link in spans.items() if not link.empty)


def _records(
    importer: _Importer, raw_lines: Iterable[bytes]
) -> Iterator[tuple[int, list[Plan] | LineInvalid]]:
    """Each record's number and its plans, or why it cannot be imported."""
    options = importer.options
    if options.source == "label-studio":
        for number, task in read_tasks(raw_lines):
            try:
                if isinstance(task, LineInvalid):
                    raise task
                proposals = task_proposals(task, importer.names, options.user_map, options.as_user)
                yield number, [importer.plan_proposal(p) for p in proposals]
            except LineInvalid as exc:
                yield number, exc
        return
    for number, text in numbered_lines(raw_lines):
        try:
            if isinstance(text, LineInvalid):
                raise text
            yield number, importer.plans(text)
        except LineInvalid as exc:
            yield number, exc


def import_annotations(
    session: Session, raw_lines: Iterable[bytes], options: AnnotationImportOptions
) -> AnnotationImportReport:
    """Add the annotations of a file, record by record; see the report for errors."""
    importer = _Importer(session, options)
    report = AnnotationImportReport(unit="line" if options.source == "native" else "record")
    for number, plans in _records(importer, raw_lines):
        report.lines += 1
        try:
            if isinstance(plans, LineInvalid):
                raise plans
            for plan in plans:
                drop_unchanged(session, importer.lookup, plan)
        except LineInvalid as exc:
            report.errors.append(LineError(number, str(exc)))
            continue
        added = sum(apply_plan(session, importer.lookup, p, importer.actor_id) for p in plans)
        report.rows += added
        if added:
            report.imported += 1
        else:
            report.unchanged += 1
    return report

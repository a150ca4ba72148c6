"""The dataset card: a README.md datasheet written beside an export.

Nothing from the data is written into the card as Markdown or HTML of its own: names and
sources are escaped text, and codebook text (Markdown by design) goes through the safe
renderer the codebook page uses (raw HTML escaped, links limited to http(s) and mailto),
so a source called `<script>` or `a | b` neither runs nor breaks a table.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from annotator.metrics.agreement import report_multi, report_single, report_to_dict
from annotator.services.exporting.card_text import (
    code,
    codebook,
    codebook_block,
    table,
    text,
)
from annotator.services.exporting.formats import ExportOptions
from annotator.services.exporting.native import SCHEMA_VERSION
from annotator.services.exporting.passage_data import PassageData

STATUS_ORDER = ("unlabeled", "single", "agreed", "conflict", "gold")


def _counts(annotation: dict[str, Any]) -> bool:
    """Whether an annotator's record carries a label or span (a note alone does not count)."""
    return bool(annotation["spans"]) or any(
        v not in (None, []) for v in annotation["labels"].values()
    )


@dataclass
class CardStats:
    """Counts gathered from the native lines as they stream past."""

    passages: int = 0
    by_status: Counter[str] = field(default_factory=Counter)
    by_set_status: dict[str, Counter[str]] = field(default_factory=dict)
    gold_reviewers: Counter[str] = field(default_factory=Counter)  # settled sets per reviewer
    by_kind: Counter[str] = field(default_factory=Counter)
    articles: set[str] = field(default_factory=set)
    sources: Counter[str] = field(default_factory=Counter)
    segmenters: Counter[str] = field(default_factory=Counter)
    published: list[str] = field(default_factory=list)  # [earliest, latest]
    undated_articles: int = 0
    labels: dict[str, Counter[str]] = field(default_factory=dict)
    spans: Counter[str] = field(default_factory=Counter)
    annotators: dict[str, Counter[str]] = field(default_factory=dict)
    codebook_versions: Counter[int] = field(default_factory=Counter)
    # set name -> passage id -> annotator -> value, for passages with two or more annotators
    ratings: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)

    def observe(self, line: dict[str, Any], data: PassageData) -> None:
        """Count one exported passage."""
        self.passages += 1
        self.by_status[line["status"]] += 1
        for name, status in line.get("set_status", {}).items():
            self.by_set_status.setdefault(name, Counter())[status] += 1
        for given in (line.get("gold") or {}).values():
            if given is not None:
                self.gold_reviewers[given["reviewer"]] += 1
        self.by_kind[line["kind"]] += 1
        if line["article_id"] not in self.articles:
            self._observe_article(line, data)
        for name, value in line["labels"].items():
            counter = self.labels.setdefault(name, Counter())
            counter.update(value if isinstance(value, list) else [] if value is None else [value])
        self.spans.update(s["label"] for s in line["spans"])
        counted = [a for a in line["annotations"] if _counts(a)]
        for a in line["annotations"]:
            tally = self.annotators.setdefault(a["annotator"], Counter())
            tally["passages"] += _counts(a)
            tally["spans"] += len(a["spans"])
            tally["notes"] += a["note"] is not None
            if a["codebook_version"] is not None:
                self.codebook_versions[a["codebook_version"]] += 1
        if len(counted) >= 2:
            self._observe_ratings(line["id"], counted)

    def _observe_article(self, line: dict[str, Any], data: PassageData) -> None:
        self.articles.add(line["article_id"])
        self.sources[line["source"] or "(unknown)"] += 1
        self.segmenters[data.segmenter_version] += 1
        day = line["published"]
        if day is None:
            self.undated_articles += 1
        elif not self.published:
            self.published = [day, day]
        else:
            self.published = [min(self.published[0], day), max(self.published[1], day)]

    def _observe_ratings(self, unit: str, annotations: list[dict[str, Any]]) -> None:
        for a in annotations:
            for name, value in a["labels"].items():
                if value is None:
                    continue  # no choice made in a single-choice set is missing data
                coded = frozenset(value) if isinstance(value, list) else value
                self.ratings.setdefault(name, {}).setdefault(unit, {})[a["annotator"]] = coded


def agreement_from_stats(stats: CardStats, snapshot: dict[str, Any]) -> list[dict[str, Any]]:
    """Agreement per choice set over the exported passages, as report_to_dict gives it."""
    reports = []
    for label_set in snapshot["label_sets"]:
        if label_set["kind"] not in ("single", "multi") or label_set["scope"] != "passage":
            continue
        labels = [label["name"] for label in label_set["labels"]]
        ratings = stats.ratings.get(label_set["name"], {})
        if label_set["kind"] == "single":
            report = report_single(label_set["name"], ratings, labels)
        else:
            report = report_multi(label_set["name"], ratings, labels)
        reports.append(report_to_dict(report))
    return reports


def _figure(value: Any) -> str:
    return "—" if value is None else f"{value:.3f}" if isinstance(value, float) else str(value)


# ASCII punctuation that Markdown reads as markup; a backslash makes each one literal.
def _label_sets(snapshot: dict[str, Any], stats: CardStats) -> list[str]:
    out = ["## Label sets", ""]
    for s in snapshot["label_sets"]:
        kind = {"single": "single choice", "multi": "multiple choice", "span": "spans"}[s["kind"]]
        titles = f"{codebook(s['title_en'])} / {codebook(s['title_zh'])}"
        out += [f"### {code(s['name'])} — {titles} ({kind})", ""]
        if s["definition"]:
            out += [codebook_block(s["definition"]), ""]
        out += [f"- {codebook(rule)}" for rule in s["rules"]] + ([""] if s["rules"] else [])
        counts = stats.spans if s["kind"] == "span" else stats.labels.get(s["name"], Counter())
        rows = [
            [
                code(label["name"]),
                f"{codebook(label['title_en'])} / {codebook(label['title_zh'])}",
                codebook(label["definition"]),
                counts[label["name"]],
            ]
            for label in s["labels"]
        ]
        out += table(["label", "title", "definition", "resolved count"], rows)
    return out


def _agreement(reports: list[dict[str, Any]] | None) -> list[str]:
    out = ["## Agreement", ""]
    if reports is None:
        return out + ["Agreement figures were not computed for this export.", ""]
    out += [
        "Computed over passages with two or more annotators; a dash means the figure is "
        "undefined (too few units or no variation).",
        "",
    ]
    rows = [
        [
            code(r["label_set"]),
            r["n_units"],
            r["n_coders"],
            _figure(r["observed"]),
            _figure(r["fleiss"]),
            f"{_figure(r['alpha'])} ({r['alpha_distance']})",
        ]
        for r in reports
    ]
    out += table(
        ["label set", "units", "annotators", "observed", "Fleiss κ", "Krippendorff α"], rows
    )
    for r in reports:
        per_label = r.get("per_label_alpha") or {}
        if per_label:
            out += [f"Per-label α for {code(r['label_set'])} (one label against the rest):", ""]
            out += table(["label", "α"], [[code(k), _figure(v)] for k, v in per_label.items()])
    return out


def _set_status_tables(stats: CardStats) -> list[str]:
    """Statuses per label set and gold per reviewer (nothing for an empty export)."""
    out: list[str] = []
    if stats.by_set_status:
        rows = [
            [code(name), *(counts[s] for s in STATUS_ORDER)]
            for name, counts in sorted(stats.by_set_status.items())
        ]
        out += ["Per label set:", "", *table(["label set", *STATUS_ORDER], rows)]
    if stats.gold_reviewers:
        rows = [[code(name), n] for name, n in sorted(stats.gold_reviewers.items())]
        out += [
            "Gold settled per reviewer (label sets):",
            "",
            *table(["reviewer", "label sets settled"], rows),
        ]
    return out


def render_card(
    stats: CardStats,
    snapshot: dict[str, Any],
    options: ExportOptions,
    *,
    command: str,
    generated_at: datetime,
    codebook_version: int | None,
    agreement: list[dict[str, Any]] | None = None,
) -> str:
    """The README.md text for an export."""
    span = " to ".join(stats.published) if stats.published else "no dates"
    status_rows = [[s, stats.by_status[s]] for s in STATUS_ORDER]
    undated = f"; {stats.undated_articles} article(s) undated" if stats.undated_articles else ""
    out = [
        "# Dataset card",
        "",
        "Passages of Chinese news articles labeled by newsroom editors for stance on the open "
        "release of AI models, attribution of bias, and the evidence and stance holders in "
        "the text.",
        "",
        "## Contents",
        "",
        f"- {stats.passages} passages from {len(stats.articles)} articles "
        f"({stats.by_kind['body']} body, {stats.by_kind['boilerplate']} boilerplate)",
        f"- boilerplate passages {'included' if options.include_boilerplate else 'left out'}; "
        f"status filter `{options.status}`; format `{options.format}`",
        f"- published: {span}{undated}",
        "",
        "Articles per source:",
        "",
        *table(["source", "articles"], [[text(s), n] for s, n in sorted(stats.sources.items())]),
        "## How it was annotated",
        "",
        "Each passage was labeled by one or more editors independently. Each label set "
        "resolves on its own (`set_status`): `single` with one annotator, `agreed` when every "
        "annotator chose the same value, `conflict` when they differ (that set's resolved "
        "label is then empty while the sets they agreed on keep theirs) and `gold` when a "
        "reviewer settled it (the line's `gold` names the reviewer, the time and the reason). "
        "A passage's `status` is `gold` when any set is settled, else `conflict` when any "
        "set is, else `single` or `agreed`. Spans are resolved per span set the same way; "
        "with several annotators they are the spans every annotator marked.",
        "",
        *_label_sets(snapshot, stats),
        "## Status",
        "",
        *table(["status", "passages"], status_rows),
        *_set_status_tables(stats),
        "## Annotators",
        "",
        *table(
            ["annotator", "passages labeled", "spans", "notes"],
            [
                [code(name), t["passages"], t["spans"], t["notes"]]
                for name, t in sorted(stats.annotators.items())
            ],
        ),
        *_agreement(agreement),
        "## Provenance",
        "",
        f"- command: `{command}`",
        f"- generated: {generated_at.strftime('%Y-%m-%d %H:%M UTC')}",
        f"- native line schema version: {SCHEMA_VERSION}",
        f"- current codebook version: {codebook_version if codebook_version else '—'}",
        "- codebook versions the annotations were made under: "
        + (", ".join(str(v) for v in sorted(stats.codebook_versions)) or "—"),
        "- segmenter versions: "
        + (", ".join(f"`{v}` ({n} articles)" for v, n in sorted(stats.segmenters.items())) or "—"),
        "",
    ]
    return "\n".join(out)

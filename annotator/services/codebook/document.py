"""The codebook as one Markdown document (for docs/ and for printing outside the app)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from annotator.services.schema import LabelSetSpec

KINDS = {"single": "single choice", "multi": "multiple choice", "span": "spans"}


def specs_as_snapshot(specs: list[LabelSetSpec]) -> dict[str, Any]:
    """Schema specs (e.g. read from a TOML file) in the shape of a stored snapshot."""
    return {"label_sets": [asdict(spec) for spec in specs]}


def _quote(text: str) -> str:
    # Keep a quote on one Markdown line whatever it holds.
    return " ".join(text.split())


def codebook_markdown(data: dict[str, Any], heading: str) -> str:
    """All label sets, labels, definitions, rules and examples as Markdown."""
    out = [f"# {heading}", ""]
    for s in data["label_sets"]:
        scope = "whole article" if s.get("scope") == "article" else "passage"
        out += [
            f"## {s['title_zh']} · {s['title_en']}",
            "",
            f"`{s['name']}` — {KINDS.get(s['kind'], s['kind'])}, applied per {scope}.",
            "",
            s.get("definition", "").strip(),
            "",
        ]
        if s.get("rules"):
            out += ["**Decision rules**", ""]
            out += [f"{i}. {rule.strip()}" for i, rule in enumerate(s["rules"], 1)]
            out.append("")
        for label in s["labels"]:
            key = f" — key `{label['key']}`" if label.get("key") else ""
            out += [
                f"### `{label['name']}` {label['title_zh']} · {label['title_en']}{key}",
                "",
                label.get("definition", "").strip(),
                "",
            ]
            examples = label.get("examples") or []
            if examples:
                out += ["| | Example | Source | Why |", "|---|---|---|---|"]
                for e in examples:
                    mark = "✔" if e.get("positive", True) else "✘ not this label"
                    cells = [
                        mark,
                        f"「{_quote(e['text'])}」",
                        f"`{e.get('source', '')}`",
                        _quote(e.get("note", "")),
                    ]
                    out.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
                out.append("")
    return "\n".join(out).rstrip() + "\n"

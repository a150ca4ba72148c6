"""The detailed README sections: every figure of each benchmark with its limit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Table = Callable[[list[str], list[list[Any]]], list[str]]


def _load(result: dict[str, Any]) -> str:
    return (
        f"Load average before/after (1, 5, 15 min): {result.get('load_before')} / "
        f"{result.get('load_after')}."
    )


def import_section(result: dict[str, Any], table: Table) -> list[str]:
    seg = result["segmentation"]
    lines = [
        "## Import (`bench_import`)",
        "",
        f"The import runs what `annotator import txt/` runs, in a fresh process, from the first "
        f"file read to the last commit; the start-up (app, tokenizer {seg['engine']}) is "
        "reported apart. Peak RSS is the sum over the process tree (the importer and its "
        "worker processes), sampled every 20 ms.",
        "",
        *table(
            ["limit (same run)", "wall", "CPU"],
            [
                [
                    f"bare segmentation, one engine call per passage ({seg['chars']:,} chars)",
                    f"{seg['per_passage_s']} s",
                    f"{seg['per_passage_cpu_s']} s",
                ],
                [
                    "bare segmentation, passages joined by newlines in one call",
                    f"{seg['joined_s']} s",
                    f"{seg['joined_cpu_s']} s",
                ],
            ],
        ),
        "",
    ]
    rows = []
    for name, data in result["backends"].items():
        if "skipped" in data:
            rows.append([name, data["skipped"], "", "", "", "", ""])
            continue
        imp, bare, verify = data["import"], data["bare_inserts"], data["import"]["verify"]
        rows.append(
            [
                name,
                f"{imp['s']} s",
                f"{imp['cpu_s']} s",
                f"{imp['tree_peak_rss_mb']} MB",
                f"{bare['s']} s ({bare['s'] and round(imp['s'] / bare['s'], 1)}×)",
                f"{imp['s'] / min(seg['joined_s'], seg['per_passage_s']):.2f}×",
                f"{verify['passages']:,} passages, "
                + (
                    f"{verify['indexed']:,} indexed, '开源' finds {verify['probe_hits']:,}"
                    if "indexed" in verify
                    else "no search index in this build"
                ),
            ]
        )
    lines += table(
        [
            "database",
            "import",
            "CPU",
            "peak RSS",
            "bare executemany (ratio)",
            "÷ bare segmentation",
            "check",
        ],
        rows,
    )
    return [*lines, "", *_jsonl_import(result, table), _load(result), ""]


JSONL_HEADERS = ["database", "import JSONL", "CPU", "peak", "bare pipeline", "÷ bare pipeline"]


def _jsonl_import(result: dict[str, Any], table: Table) -> list[str]:
    """The issue's row: the corpus as one JSONL file, against the pipeline's bare limit."""
    rows = []
    for name, data in result["backends"].items():
        imp, bare = data.get("import_jsonl"), data.get("bare_pipeline")
        if not imp or not bare:
            continue
        rows.append(
            [
                name,
                f"{imp['s']} s",
                f"{imp['cpu_s']} s",
                f"{imp['tree_peak_rss_mb']} MB RSS, {imp.get('tree_peak_pss_mb', '-')} MB PSS",
                f"{bare['s']} s (segment {bare['segment_s']} + insert {bare['inserts_s']}"
                f" + index {bare['index_s']})",
                f"{imp['s'] / bare['s']:.2f}×",
            ]
        )
    if not rows:
        return []
    return [
        "`articles.jsonl` (the same corpus, one file) is streamed: read a block at a time, its "
        "articles prepared by the workers and stored as they come back, in one transaction. "
        "The limit runs the bare steps one after the other in one process: cut every passage "
        "(one engine call), insert the rows into a bare table, build the search index. PSS "
        "counts the memory a forked worker shares with the importer once; RSS counts it in "
        "every process.",
        "",
        *table(JSONL_HEADERS, rows),
        "",
    ]


def export_section(result: dict[str, Any], table: Table) -> list[str]:
    rows = []
    for name, data in result["backends"].items():
        if "skipped" in data:
            rows.append([name, data["skipped"], "", "", "", "", "", "", ""])
            continue
        for scale, d in data.items():
            native, raw, started = d["native"], d["raw"], d.get("startup")
            rows.append(
                [
                    name,
                    scale,
                    f"{native['lines']:,}",
                    f"{native['s']} s ({native['cpu_s']} CPU)",
                    f"{started['s']} s ({started['cpu_s']} CPU)" if started else "",
                    f"{native['mb']} MB, {native['mb_per_s']} MB/s",
                    f"{native['peak_rss_mb']} MB",
                    f"{raw['s']} s ({raw['cpu_s']} CPU), {raw['mb']} MB",
                    f"{native['s'] / raw['s']:.1f}× ({native['cpu_s'] / raw['cpu_s']:.1f}× CPU)",
                ]
            )
    return [
        "## Export (`bench_export`)",
        "",
        "`annotator export -o FILE` (native JSONL, body passages) in a fresh process; 10 % of "
        "passages carry a stance (half of those from a second editor too), some bias labels "
        "and spans. The corpus grows by copies of its articles (2×, 4×) with the same share "
        "labelled. The limit reads the same rows with the driver alone and writes them with "
        "the same `dumps` call; its time is the read and write loop alone. Export times "
        "include the process start-up, measured apart as `annotator --help`. CPU is the "
        "client process's (PostgreSQL's own work is not in it); on a loaded machine the "
        "CPU ratio is the steadier one.",
        "",
        *table(
            [
                "database",
                "size",
                "lines",
                "export",
                "of which start-up",
                "output",
                "peak RSS",
                "raw read + JSON",
                "export ÷ raw",
            ],
            rows,
        ),
        "",
        _load(result),
        "",
    ]


def _label_state(state: dict[str, Any] | None) -> list[str]:
    """The bulk labelling and the state refresh after it: what the 0006 backfill costs."""
    if not state:
        return []
    statuses = ", ".join(f"{k} {v:,}" for k, v in sorted(state["statuses"].items()))
    analyze = f"; VACUUM ANALYZE {state['analyze_s']} s apart" if state.get("analyze_s") else ""
    return [
        f"Labelled with bulk SQL in {state['bulk_labelling_s']} s, past the label writer; "
        f"then `refresh_all_passage_states` (the 0006 migration's backfill) in a fresh process: "
        f"{state['s']} s wall, {state['cpu_s']} s CPU for {state['passages']:,} labelled "
        f"passages{analyze}. State: {statuses}; {state['double_annotated']:,} with two or more "
        f"editors; the review list holds {state['review_list']:,} (all: "
        f"{state['review_list_all']:,}).",
        "",
    ]


def serve_section(result: dict[str, Any], table: Table) -> list[str]:
    lines = [
        "## Serving (`bench_serve`)",
        "",
        f"`annotator serve` (gunicorn, its default workers and threads) on loopback; each probe "
        f"runs {result['seconds_per_run']} s per concurrency with closed-loop clients (each "
        "sends its next request when the previous one answers), at most 5,000 requests per "
        "client. Closed loop at 8 and 32 clients measures saturation: latency is then the queue "
        '(clients ÷ throughput). "paced" clients pause 0.25-0.75 s between saves, like '
        "(very fast) editors. Saves are `PUT /api/passages/<id>/annotations/stance` with the "
        "version last seen, each client on its own passages. Pages are read as a signed-in "
        "reviewer. Server CPU is the gunicorn processes' user + system time per request "
        "(PostgreSQL's own work is not in it): on a loaded machine it is the steadier figure.",
        "",
    ]
    for name, data in result["backends"].items():
        if "skipped" in data:
            lines += [f"### {name}", "", data["skipped"], ""]
            continue
        lines += [f"### {name}", "", *_label_state(data.get("label_state"))]
        start_rows = []
        for mode in ("lazy", "preload"):
            served = data[mode]
            mem = served["memory_after_start"]
            start_rows.append(
                [
                    mode
                    + (
                        " (default)" if (mode == "preload") == data["serve_default_preload"] else ""
                    ),
                    f"{served['cold_start_s']} s",
                    ", ".join(map(str, served["first_passage_requests_ms"])),
                    f"{mem['master_rss_mb']} MB",
                    ", ".join(map(str, mem["worker_rss_mb"])),
                    ", ".join(map(str, mem["worker_pss_mb"])),
                ]
            )
        lines += table(
            [
                "tokenizer",
                "cold start",
                "first passage requests (ms)",
                "master RSS",
                "worker RSS (MB)",
                "worker PSS (MB)",
            ],
            start_rows,
        )
        served = data["preload" if data["serve_default_preload"] else "lazy"]
        lines += [
            "",
            f"Load average (1, 5, 15 min) when this server started: "
            f"{served.get('load_at_start')}; after its saves: "
            f"{served.get('load_after_saves')}.",
        ]
        rows = []
        probes = {"save a label": served.get("save_label", {}), **served.get("pages", {})}
        for probe, runs in probes.items():
            if "skipped" in runs or not runs:
                rows.append([probe, runs.get("skipped", "not run"), "", "", "", ""])
                continue
            for clients in ("1", "8", "32", "8 paced", "32 paced"):
                r = runs.get(clients)
                if r:
                    rows.append(
                        [
                            probe,
                            clients,
                            f"{r['p50_ms']} / {r['p95_ms']} / {r['p99_ms']}",
                            r["rps"],
                            r.get("server_cpu_ms_per_request", ""),
                            r["ok"],
                            r["failed"] or "",
                        ]
                    )
        header = [
            "probe",
            "clients",
            "p50 / p95 / p99 ms",
            "req/s",
            "server CPU ms/req",
            "ok",
            "failed",
        ]
        lines += ["", *table(header, rows), ""]
    return [*lines, _load(result), ""]


def sections(results: dict[str, Any], table: Table) -> list[str]:
    """Each benchmark's section, for those that ran."""
    lines: list[str] = []
    for name, render in (
        ("import", import_section),
        ("export", export_section),
        ("serve", serve_section),
    ):
        if name in results:
            lines += render(results[name], table)
    return lines

"""The issue's targets, each with the figure measured, its limit or peer, and whether it is met."""

from __future__ import annotations

from typing import Any

PEERS = (
    "doccano 1.8 imported in 88 s (no Chinese segmentation), saved a label with p95 30 ms, "
    "exported in 29 s with a 1.65 GB worker, list page p95 840 ms; Label Studio refused the "
    "JSONL as-is and took 58 s in chunks."
)
Row = list[Any]


def _met(ok: bool | None) -> str:
    return "n/a" if ok is None else ("yes" if ok else "**no**")


def _backends(result: dict[str, Any] | None) -> list[tuple[str, dict[str, Any]]]:
    if not result:
        return []
    return [(name, data) for name, data in result.get("backends", {}).items()
            if "skipped" not in data]  # fmt: skip


def import_rows(result: dict[str, Any] | None) -> list[Row]:
    rows: list[Row] = []
    if not result:
        return [["import ≤ 15 s, taggable and searchable", "-", "not run", "", "n/a"]]
    seg = result["segmentation"]
    # The limit is the faster of the two ways to cut the same text with the same engine.
    limit = min(seg["joined_s"], seg["per_passage_s"])
    limit_cpu = min(seg["joined_cpu_s"], seg["per_passage_cpu_s"])
    for name, data in _backends(result):
        imp, bare = data["import"], data["bare_inserts"]
        verify = imp["verify"]
        # Searchable means every passage is in the index and a search finds some, not just
        # that an index exists.
        searchable = verify.get("indexed") == verify["passages"] and verify.get("probe_hits", 0) > 0
        state = (
            "taggable + searchable" if searchable
            else "taggable, not all indexed" if "indexed" in verify
            else "taggable (no search index in build)"
        )  # fmt: skip
        rows.append([
            "import ≤ 15 s, taggable and searchable", name,
            f"{imp['s']:.1f} s wall, {imp['cpu_s']:.1f} s CPU ({state}, {imp['workers']} workers)",
            f"bare inserts {bare['s']:.1f} s; doccano 88 s, Label Studio 58 s",
            _met(imp["s"] <= 15) if searchable else "taggable: " + _met(imp["s"] <= 15),
        ])  # fmt: skip
        ratio = imp["s"] / limit
        rows.append([
            "import ≤ 1.5× bare segmentation", name,
            f"{ratio:.2f}× ({imp['s']:.1f} s / {limit:.1f} s); CPU "
            f"{imp['cpu_s'] / limit_cpu:.2f}×",
            f"bare segmentation {seg['joined_s']:.1f} s in one call, "
            f"{seg['per_passage_s']:.1f} s per passage",
            _met(ratio <= 1.5),
        ])  # fmt: skip
        jsonl, pipeline = data.get("import_jsonl"), data.get("bare_pipeline")
        if jsonl and pipeline:
            rows.append([
                "import JSONL ≤ 3× bare pipeline, ≤ 12 s", name,
                f"{jsonl['s']:.1f} s ({jsonl['s'] / pipeline['s']:.2f}×), "
                f"{jsonl['cpu_s']:.1f} s CPU",
                f"segmentation + inserts + search index {pipeline['s']:.1f} s",
                _met(jsonl["s"] <= min(12, 3 * pipeline["s"])),
            ])  # fmt: skip
            rows.append([
                "import JSONL peak memory ≤ 400 MB", name,
                f"{jsonl['tree_peak_rss_mb']:.0f} MB RSS, "
                f"{jsonl.get('tree_peak_pss_mb', 0):.0f} MB PSS (process tree)", "",
                _met(jsonl.get("tree_peak_pss_mb", jsonl["tree_peak_rss_mb"]) <= 400),
            ])  # fmt: skip
    return rows


def export_rows(result: dict[str, Any] | None) -> list[Row]:
    if not result:
        return [["export ≤ 5 s", "-", "not run", "", "n/a"]]
    rows: list[Row] = []
    for name, data in _backends(result):
        one = data.get("1x")
        if one:
            rows.append([
                "export ≤ 5 s", name,
                f"{one['native']['s']:.1f} s ({one['native']['cpu_s']:.1f} CPU), "
                f"{one['native']['mb_per_s']} MB/s",
                f"raw read + same JSON {one['raw']['s']:.1f} s ({one['raw']['cpu_s']:.1f} CPU);"
                " doccano 29 s",
                _met(one["native"]["s"] <= 5),
            ])  # fmt: skip
        peaks = {scale: d["native"]["peak_rss_mb"] for scale, d in data.items()}
        rows.append([
            "export peak RSS ≤ 150 MB, flat", name,
            ", ".join(f"{scale}: {mb:.0f} MB" for scale, mb in peaks.items()),
            "doccano 1.65 GB", _met(all(mb <= 150 for mb in peaks.values())),
        ])  # fmt: skip
    return rows


def _default(data: dict[str, Any]) -> dict[str, Any]:
    return data["preload" if data.get("serve_default_preload") else "lazy"]


def serve_rows(result: dict[str, Any] | None) -> list[Row]:
    if not result:
        return [["save a label p95 ≤ 10 ms", "-", "not run", "", "n/a"]]
    rows: list[Row] = []
    for name, data in _backends(result):
        served = _default(data)
        saves = served.get("save_label", {})
        floor = served.get("pages", {}).get("healthz (the stack's floor)", {}).get("1", {})
        if "skipped" in saves or not saves:
            rows.append(["save a label", name, saves.get("skipped", "not run"), "", "n/a"])
        else:
            failed = sum(s["failed"] for s in saves.values())
            one = saves["1"]["p95_ms"]
            many = saves.get("32 paced", saves["32"])["p95_ms"]
            closed = saves["32"]["p95_ms"]
            rows.append(["save a label p95 ≤ 10 ms, 1 client", name, f"{one} ms",
                         f"healthz p95 {floor.get('p95_ms')} ms; doccano p95 30 ms",
                         _met(one is not None and one <= 10)])  # fmt: skip
            rows.append(["save a label p95 ≤ 30 ms, 32 clients", name,
                         f"{many} ms paced (0.25-0.75 s between saves); {closed} ms closed loop "
                         f"at {saves['32']['rps']} saves/s", "",
                         _met(many is not None and many <= 30)])  # fmt: skip
            rows.append(["no failed save", name, f"{failed} failed", "", _met(failed == 0)])
        for page, probe in served.get("pages", {}).items():
            if page.startswith("healthz"):
                continue
            if "skipped" in probe:
                rows.append([f"{page} p95 ≤ 50 ms", name, probe["skipped"], "", "n/a"])
                continue
            p95 = probe["1"]["p95_ms"]
            cpu = probe["1"].get("server_cpu_ms_per_request")
            own = f", server CPU {cpu} ms/request" if cpu is not None else ""
            peer = f"healthz p95 {floor.get('p95_ms')} ms"
            peer += "; doccano list p95 840 ms" if "list" in page else ""
            rows.append([f"{page} p95 ≤ 50 ms", name,
                         f"{p95} ms (1 client{own}); {probe['32']['p95_ms']} ms at 32", peer,
                         _met(p95 is not None and p95 <= 50)])  # fmt: skip
        state = data.get("label_state")
        if state:
            rows.append([
                "label state backfill (migration 0006's refresh)", name,
                f"{state['s']:.1f} s ({state['cpu_s']:.1f} s CPU) for "
                f"{state['passages']:,} labelled passages",
                f"bulk SQL labelling {state['bulk_labelling_s']:.1f} s", "n/a",
            ])  # fmt: skip
        memory = served["memory_after_load"]
        rows.append(["cold start ≤ 1.5 s", name, f"{served['cold_start_s']:.2f} s",
                     "lazy" if not data.get("serve_default_preload") else "preloaded",
                     _met(served["cold_start_s"] <= 1.5)])  # fmt: skip
        peak = max(memory["worker_rss_mb"] or [0])
        rows.append(["≤ 200 MB RSS per worker", name,
                     f"{peak:.0f} MB RSS max ({max(memory['worker_pss_mb'] or [0]):.0f} MB PSS), "
                     f"{memory['workers']} workers", "", _met(peak <= 200)])  # fmt: skip
    return rows


def target_rows(results: dict[str, Any]) -> list[Row]:
    """Every target row, in the issue's order."""
    return [
        *import_rows(results.get("import")),
        *export_rows(results.get("export")),
        *serve_rows(results.get("serve")),
    ]

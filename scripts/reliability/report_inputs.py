"""The input tables for docs/RELIABILITY.md: bad input by category, generated requests."""

from __future__ import annotations

from scripts.reliability.report_sections import load_runs, statuses, table


def bad_input_section() -> str:
    runs = load_runs("bad_input")
    parts = []
    for run in runs:
        rows = [
            [
                name,
                c["tried"],
                c["accepted"],
                c["refused"],
                statuses(c["statuses"]),
                c["server_errors"],
                c["refusals_without_message"],
                c["writes_on_refusal"],
                c["accepted_but_must_refuse"] + c["refused_but_must_accept"],
            ]
            for name, c in run["categories"].items()
        ]
        rows.append(
            [
                "**all**",
                run["tried"],
                run["accepted"],
                run["refused"],
                "",
                run["server_errors"],
                run["refusals_without_message"],
                run["writes_on_refusal"],
                run["accepted_but_must_refuse"] + run["refused_but_must_accept"],
            ]
        )
        parts.append(
            f"**{run['database']}** (offset mismatches after the accepted imports: "
            f"{run['offset_mismatches']})\n\n"
            + table(
                [
                    "category",
                    "tried",
                    "accepted",
                    "refused",
                    "HTTP statuses",
                    "5xx",
                    "refusals without a message",
                    "writes on refusal",
                    "outcome other than expected",
                ],
                rows,
            )
        )
    return "\n\n".join(parts)


def fuzz_section() -> str:
    rows = []
    for r in load_runs("fuzz"):
        totals: dict[str, int] = {}
        for counts in r["statuses"].values():
            for code, n in counts.items():
                totals[code] = totals.get(code, 0) + n
        rows.append(
            [
                r["database"],
                r["operations"],
                r["examples_per_operation_and_mode"],
                r["cases"],
                statuses(totals),
                r["server_errors"],
                r["refusals_without_message"],
                r["writes_on_refusal"],
            ]
        )
    return table(
        [
            "database",
            "operations",
            "max examples per operation and mode",
            "requests",
            "HTTP statuses",
            "5xx",
            "refusals without a message",
            "writes on refusal",
        ],
        rows,
    )

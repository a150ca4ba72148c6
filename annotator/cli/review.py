"""Review commands: agreement figures, a passage's history, the label-state check."""

from __future__ import annotations

import json
from typing import Any

import click
from flask.cli import with_appcontext

from annotator.cli.output import echo_json
from annotator.extensions import db
from annotator.models import Passage
from annotator.services.agreement import agreement_summary
from annotator.services.history import passage_history
from annotator.services.passage_state import refresh_passage_states, state_drift


def _fig(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _print_report(report: dict[str, Any]) -> None:
    click.echo(f"{report['label_set']} ({report['kind']} choice)")
    if not report["n_units"]:
        click.echo("  no passage has two editors on this set yet")
        return
    click.echo(f"  passages {report['n_units']}   editors {report['n_coders']}")
    click.echo(f"  observed agreement    {_fig(report['observed'])}")
    if report["kind"] == "single":
        click.echo(f"  Fleiss' kappa         {_fig(report['fleiss'])}")
    click.echo(f"  Krippendorff's alpha  {_fig(report['alpha'])}  ({report['alpha_distance']})")
    for label, value in report["per_label_alpha"].items():
        click.echo(f"    alpha {label:<26} {_fig(value)}")
    for pair in report["pairs"]:
        label = f" {pair['label']}" if pair["label"] else ""
        click.echo(
            f"    kappa {pair['coder_a']} · {pair['coder_b']}{label}: {_fig(pair['kappa'])}"
            f"  (observed {_fig(pair['observed'])}, {pair['n_units']} passages)"
        )


@click.command("agreement")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@with_appcontext
def agreement_command(as_json: bool) -> None:
    """Print agreement per label set over passages tagged by two or more editors."""
    reports = agreement_summary(db.session)
    if as_json:
        echo_json(reports)
        return
    for report in reports:
        _print_report(report)


@click.command("history")
@click.argument("passage_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="Print the events as JSON.")
@with_appcontext
def history_command(passage_id: int, as_json: bool) -> None:
    """Print every change made to a passage's labels, spans, notes and gold, oldest first."""
    if db.session.get(Passage, passage_id) is None:
        raise click.ClickException(f"no passage with id {passage_id}")
    entries = passage_history(db.session, passage_id)
    if as_json:
        echo_json([e.as_dict() for e in entries])
        return
    for e in entries:
        change = json.dumps(e.after, ensure_ascii=False) if e.after is not None else "-"
        if e.before is not None:
            change = f"{json.dumps(e.before, ensure_ascii=False)} -> {change}"
        click.echo(f"{e.at:%Y-%m-%d %H:%M:%S}  {e.actor or '-':<12} {e.action:<18} {change}")
    if not entries:
        click.echo("no changes recorded")


@click.command("check")
@click.option("--repair", is_flag=True, help="Recompute the drifted passages' state and store it.")
@click.option("--json", "as_json", is_flag=True, help="Print the drifted passages as JSON.")
@with_appcontext
def check_command(repair: bool, as_json: bool) -> None:
    """Check that the maintained passage label state equals a recomputation from raw labels.

    Exits 1 when any passage drifted (after --repair: when the repair did not hold).
    """
    drift = state_drift(db.session)
    if repair and drift:
        refresh_passage_states(db.session, [d.passage_id for d in drift])
        db.session.commit()
    found = [
        {
            "passage_id": d.passage_id,
            "stored": d.stored.status if d.stored else None,
            "computed": d.computed.status if d.computed else None,
        }
        for d in drift
    ]
    still = state_drift(db.session) if repair else drift
    if as_json:
        echo_json({"drifted": found, "repaired": repair and not still})
    elif not drift:
        click.echo("passage label state: consistent")
    else:
        for item in found:
            click.echo(
                f"passage {item['passage_id']}: stored {item['stored'] or 'none'}, "
                f"recomputed {item['computed'] or 'none'}"
            )
        verdict = "repaired" if repair and not still else "run `annotator check --repair`"
        click.echo(f"{len(found)} passage(s) drifted; {verdict}")
    if still:
        raise SystemExit(1)

"""Suggestion commands: train the label models, export their predictions."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from annotator.extensions import db
from annotator.services.suggestions import train_models
from annotator.services.suggestions.export import export_predictions_jsonl
from annotator.services.tokenizer import get_tokenizer


@click.group("suggest")
def suggest_group() -> None:
    """Label suggestions learned from the team's labels."""


@suggest_group.command("train")
@click.option("--force", is_flag=True, help="Retrain even if the labels did not change.")
@with_appcontext
def suggest_train(force: bool) -> None:
    """Train on the resolved labels (when they changed) and store predictions for every passage."""
    report = train_models(db.session, force=force)
    db.session.commit()
    for s in report.sets:
        detail = s.message or f"{s.version}, {s.predictions} prediction(s)"
        click.echo(f"{s.label_set}: {s.status} ({s.examples} labeled) — {detail}")


@click.command("export-predictions")
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), help="File (default: stdout)."
)
@with_appcontext
def export_predictions_command(out: Path | None) -> None:
    """Export suggestions (cue words, model, holders) as JSON lines, apart from human labels."""
    lines = export_predictions_jsonl(db.session, get_tokenizer(db.session))
    if out is None:
        for line in lines:
            click.echo(line, nl=False)
        return
    with out.open("w", encoding="utf-8") as fh:
        count = sum(1 for line in lines if fh.write(line))
    click.echo(f"wrote {count} passage(s) to {out}")

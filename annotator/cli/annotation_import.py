"""`annotator import-annotations`: our own lines back, pre-annotations, other tools' exports."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import with_appcontext

from annotator.database import unit_of_work
from annotator.extensions import db
from annotator.services.annotation_import import (
    SOURCES,
    AnnotationImportError,
    AnnotationImportOptions,
    import_annotations,
)
from annotator.services.annotation_import.label_names import parse_mapping
from annotator.services.exporting import OFFSET_UNITS


@click.command("import-annotations")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--from",
    "source",
    type=click.Choice(SOURCES),
    default="native",
    show_default=True,
    help="The file's tool: our native JSONL, a doccano 1.8 JSONL export, or a Label Studio "
    "JSON export.",
)
@click.option(
    "--offset-unit",
    type=click.Choice(OFFSET_UNITS),
    default="utf16",
    show_default=True,
    help="Units of doccano span offsets (utf16 unless the project counted code points).",
)
@click.option(
    "--map",
    "label_map",
    multiple=True,
    metavar="OLD=NEW",
    help="Import the other tool's label OLD as NEW (SET:LABEL or a label name); repeatable.",
)
@click.option(
    "--user",
    "user_map",
    multiple=True,
    metavar="ID=USERNAME",
    help="Label Studio: the annotations of user ID (its id or email) are USERNAME's; repeatable.",
)
@click.option(
    "--as",
    "as_user",
    metavar="USER",
    help="Import each line's resolved labels as USER's own (pre-annotations).",
)
@click.option(
    "--as-gold",
    is_flag=True,
    help="Import each line's resolved labels as gold settled by the --as reviewer.",
)
@click.option(
    "--reviewer", metavar="USER", help="Who settled the gold lines restored from an export."
)
@click.option(
    "--create-users", is_flag=True, help="Create missing annotators as deactivated accounts."
)
@click.option("--skip-invalid", is_flag=True, help="Import the valid lines, report the others.")
@with_appcontext
def import_annotations_command(
    file: Path,
    source: str,
    offset_unit: str,
    label_map: tuple[str, ...],
    user_map: tuple[str, ...],
    as_user: str | None,
    as_gold: bool,
    reviewer: str | None,
    create_users: bool,
    skip_invalid: bool,
) -> None:
    """Load annotations: native lines, pre-annotations (--as), doccano or Label Studio exports."""
    try:
        options = AnnotationImportOptions(
            as_user=as_user,
            as_gold=as_gold,
            reviewer=reviewer,
            create_users=create_users,
            source=source,
            offset_unit=offset_unit,
            label_map=parse_mapping(label_map),
            user_map=parse_mapping(user_map, "--user"),
        )
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc
    try:
        with unit_of_work(db.session), file.open("rb") as fh:
            report = import_annotations(db.session, fh, options)
            for error in report.errors:
                click.echo(f"{report.unit} {error.line}: {error.reason}", err=True)
            if report.errors and not skip_invalid:
                click.echo(
                    f"nothing imported: {len(report.errors)} invalid {report.unit}(s); "
                    "fix them or pass --skip-invalid",
                    err=True,
                )
                sys.exit(1)  # leaves the unit of work: nothing is written
    except AnnotationImportError as exc:
        raise click.UsageError(str(exc)) from exc
    skipped = f", {len(report.errors)} skipped" if report.errors else ""
    click.echo(
        f"{report.imported} {report.unit}(s) imported ({report.rows} rows), "
        f"{report.unchanged} unchanged{skipped}"
    )
    if report.errors:
        sys.exit(1)

"""The `annotator` command: one click group, every command group registered here.

Each module of this package holds one command group as thin click commands over the
services; this is the one place that puts them on `main`.
"""

from __future__ import annotations

import click
from flask.cli import FlaskGroup

from annotator import create_app
from annotator.cli import (
    accounts,
    annotation_import,
    articles,
    backup,
    codebook,
    dictionary,
    duplicates,
    export,
    jobs,
    review,
    schema,
    search,
    setup,
    suggestions,
    tokens,
)


@click.group(cls=FlaskGroup, create_app=create_app, add_default_commands=True)
def main() -> None:
    """annotator: turn Chinese articles into a labeled stance dataset."""


COMMANDS: list[click.Command] = [
    setup.quickstart_command,
    setup.serve_command,
    schema.init_command,
    schema.schema_group,
    articles.import_command,
    articles.show_command,
    articles.articles_command,
    accounts.create_user_command,
    tokens.create_token_command,
    codebook.codebook_group,
    codebook.export_articles_command,
    review.agreement_command,
    review.history_command,
    review.check_command,
    export.export_command,
    annotation_import.import_annotations_command,
    backup.backup_command,
    backup.restore_command,
    search.search_command,
    search.reindex_command,
    dictionary.dict_group,
    dictionary.alias_group,
    suggestions.suggest_group,
    suggestions.export_predictions_command,
    duplicates.link_duplicates_command,
    jobs.worker_command,
]

for _command in COMMANDS:
    main.add_command(_command)

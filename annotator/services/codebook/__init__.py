"""The codebook: safe Markdown, in-app editing, versions and outdated annotations."""

from annotator.services.codebook.editing import (
    CodebookError,
    StaleCodebook,
    edit_label,
    edit_label_set,
    specs_from_snapshot,
)
from annotator.services.codebook.markdown import plain_text, render_inline, render_markdown
from annotator.services.codebook.outdated import OutdatedReport, outdated_annotations
from annotator.services.codebook.versions import (
    MeaningChange,
    get_version,
    history,
    latest_version,
    meaning_changes,
)

__all__ = [
    "CodebookError",
    "MeaningChange",
    "OutdatedReport",
    "StaleCodebook",
    "edit_label",
    "edit_label_set",
    "get_version",
    "history",
    "latest_version",
    "meaning_changes",
    "outdated_annotations",
    "plain_text",
    "render_inline",
    "render_markdown",
    "specs_from_snapshot",
]

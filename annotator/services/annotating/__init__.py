"""Annotating rules: validate labels against the schema, version every change, log it."""

from annotator.services.annotating.errors import (
    AnnotationError,
    InvalidAnnotation,
    NotAllowed,
    NotFound,
    VersionConflict,
)
from annotator.services.annotating.saving import (
    MAX_ID,
    NOTE_MAX_LENGTH,
    SpanInput,
    ensure_may_tag,
    find_label_set,
    find_passage,
    save_choice,
    save_note,
    save_spans,
)
from annotator.services.annotating.state import (
    State,
    Vocabulary,
    annotation_state,
    load_vocabulary,
    note_state,
    passage_states,
)

__all__ = [
    "MAX_ID",
    "NOTE_MAX_LENGTH",
    "AnnotationError",
    "InvalidAnnotation",
    "NotAllowed",
    "NotFound",
    "SpanInput",
    "State",
    "VersionConflict",
    "Vocabulary",
    "annotation_state",
    "ensure_may_tag",
    "find_label_set",
    "find_passage",
    "load_vocabulary",
    "note_state",
    "passage_states",
    "save_choice",
    "save_note",
    "save_spans",
]

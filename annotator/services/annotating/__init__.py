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
    find_passage_to_tag,
    save_choice,
    save_note,
    save_spans,
)
from annotator.services.annotating.state import (
    State,
    annotation_state,
    note_state,
    passage_states,
)
from annotator.services.annotating.vocabulary import (
    LabelInfo,
    LabelSetInfo,
    Vocabulary,
    forget_vocabulary,
    load_vocabulary,
)

__all__ = [
    "MAX_ID",
    "NOTE_MAX_LENGTH",
    "AnnotationError",
    "InvalidAnnotation",
    "LabelInfo",
    "LabelSetInfo",
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
    "find_passage_to_tag",
    "forget_vocabulary",
    "load_vocabulary",
    "note_state",
    "passage_states",
    "save_choice",
    "save_note",
    "save_spans",
]

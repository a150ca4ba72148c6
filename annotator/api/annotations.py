"""The annotation API: read a passage with the editor's labels; save labels, spans, notes."""

from __future__ import annotations

from typing import Any

from flask import Blueprint
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from annotator.admin.current import current_viewer
from annotator.api.validation import (
    json_object,
    note_text_field,
    spans_field,
    values_field,
    version_field,
)
from annotator.auth.permissions import role_required
from annotator.database import unit_of_work
from annotator.extensions import db
from annotator.models import Passage
from annotator.services.annotating import (
    NOTE_MAX_LENGTH,
    AnnotationError,
    NotFound,
    VersionConflict,
    ensure_may_tag,
    find_label_set,
    find_passage,
    find_passage_to_tag,
    load_vocabulary,
    passage_states,
    save_choice,
    save_note,
    save_spans,
)
from annotator.services.holder_links import STANCE_SET
from annotator.services.tokenizer import get_tokenizer
from annotator.services.visibility import may_see_passage

bp = Blueprint("api_annotations", __name__, url_prefix="/api")


@bp.errorhandler(AnnotationError)
def annotation_error(error: AnnotationError) -> ResponseReturnValue:
    """`{"error", "field"}` in the UI language, plus `current` for a version conflict."""
    db.session.rollback()  # nothing half-written
    body: dict[str, Any] = {
        "error": gettext(error.message, **error.params),
        "field": error.field,
    }
    if isinstance(error, VersionConflict):
        body["current"] = error.current
    return body, error.status


def passage_json(
    passage: Passage, state: dict[str, Any], tokens: list[list[int]]
) -> dict[str, Any]:
    """A passage in the API's shape."""
    return {
        "id": passage.id,
        "uid": passage.uid,
        "article_id": passage.article_id,
        "index": passage.index,
        "start": passage.start,
        "end": passage.end,
        "kind": passage.kind,
        "text": passage.text,
        "tokens": tokens,
        **state,
    }


def _state(passage_id: int) -> dict[str, Any]:
    viewer = current_viewer()
    states = passage_states(db.session, [passage_id], viewer, load_vocabulary(db.session))
    return states[passage_id]


@bp.get("/passages/<int:passage_id>")
@role_required("editor")
def passage_detail(passage_id: int) -> ResponseReturnValue:
    """One passage, its word boundaries, and the signed-in editor's labels, spans and note."""
    passage = find_passage(db.session, passage_id)
    if not may_see_passage(db.session, current_viewer(), passage.id):
        raise NotFound("No passage with id %(id)s.", field="passage_id", id=passage_id)
    tokens = [[t.start, t.end] for t in get_tokenizer(db.session).tokens(passage.text)]
    return passage_json(passage, _state(passage.id), tokens)


@bp.put("/passages/<int:passage_id>/annotations/<label_set_name>")
@role_required("editor")
def put_annotation(passage_id: int, label_set_name: str) -> ResponseReturnValue:
    """Replace the editor's values (or spans) of one label set, if they saw the stored version."""
    session = db.session
    passage, allowed = find_passage_to_tag(session, passage_id, current_user.id)
    vocabulary = load_vocabulary(session)
    label_set = find_label_set(vocabulary, label_set_name)
    ensure_may_tag(session, passage, current_user.id, allowed)
    is_span = label_set.kind == "span"
    data = json_object({"spans" if is_span else "values", "version"})
    version = version_field(data)
    try:
        with unit_of_work(session):
            if is_span:
                spans = spans_field(data)
                stances = vocabulary.sets.get(STANCE_SET)
                state = save_spans(
                    session, passage, current_user.id, label_set, spans, version, stances
                )
            else:
                state = save_choice(
                    session, passage, current_user.id, label_set, values_field(data), version
                )
    except IntegrityError:
        # Another tab created this annotation between our read and our insert.
        raise VersionConflict(_state(passage_id)["mine"].get(label_set_name)) from None
    return {"label_set": label_set.name, **state}


@bp.put("/passages/<int:passage_id>/note")
@role_required("editor")
def put_note(passage_id: int) -> ResponseReturnValue:
    """Replace the editor's note on a passage, if they saw the stored version."""
    session = db.session
    passage, allowed = find_passage_to_tag(session, passage_id, current_user.id)
    ensure_may_tag(session, passage, current_user.id, allowed)
    data = json_object({"text", "version"})
    version = version_field(data)
    text = note_text_field(data, NOTE_MAX_LENGTH)
    try:
        with unit_of_work(session):
            state = save_note(session, passage, current_user.id, text, version)
    except IntegrityError:
        raise VersionConflict(_state(passage_id)["note"]) from None
    return state

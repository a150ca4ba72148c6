"""Admins edit definitions, rules and examples; each save makes a codebook version."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from annotator.auth.permissions import role_required
from annotator.codebook.forms import LabelForm, LabelSetForm
from annotator.database import unit_of_work
from annotator.extensions import db
from annotator.services.codebook import (
    CodebookError,
    StaleCodebook,
    edit_label,
    edit_label_set,
    latest_version,
)
from annotator.services.schema import ApplyResult

EXTRA_EXAMPLE_ROWS = 2

bp = Blueprint("codebook_editing", __name__, url_prefix="/codebook")


def _current() -> tuple[int, dict[str, Any]]:
    row = latest_version(db.session)
    if row is None:
        abort(404, description="No codebook is installed yet.")
    return row.version, row.snapshot


def _find(data: dict[str, Any], set_name: str, label_name: str | None = None) -> Any:
    label_set = next((s for s in data["label_sets"] if s["name"] == set_name), None)
    if label_set is None:
        abort(404, description="No such label set.")
    if label_name is None:
        return label_set
    label = next((lb for lb in label_set["labels"] if lb["name"] == label_name), None)
    if label is None:
        abort(404, description="No such label.")
    return label


def _saved(result: ApplyResult) -> ResponseReturnValue:
    if result.changed:
        flash(_("Saved as codebook version %(v)s.", v=result.version), "ok")
    else:
        flash(_("Nothing changed, so no new version was made."), "ok")
    return redirect(url_for("codebook_editing.edit_index"))


def _refused(form: LabelSetForm | LabelForm, error: CodebookError) -> None:
    if isinstance(error, StaleCodebook):
        message = _(
            "Someone saved the codebook after you opened it; reload and make your change again."
        )
    elif error.field == "note":
        message = _("Say what changed and why.")
    else:
        message = str(error)
    field = getattr(form, error.field or "", None)
    if field is not None and field.name != "version":
        field.errors = [*field.errors, message]
    else:
        form.form_errors.append(message)


@bp.get("/edit")
@role_required("admin")
def edit_index() -> ResponseReturnValue:
    """Pick a label set or label to edit."""
    version, data = _current()
    return render_template("codebook/edit_index.html", data=data, version=version)


@bp.route("/edit/<set_name>", methods=["GET", "POST"])
@role_required("admin")
def edit_set(set_name: str) -> ResponseReturnValue:
    """Edit a label set's definition and decision rules."""
    version, data = _current()
    label_set = _find(data, set_name)
    form = LabelSetForm()
    if not form.is_submitted():
        form.version.data = version
        form.definition.data = label_set.get("definition", "")
        form.rules.data = "\n".join(label_set.get("rules", []))
    elif form.validate():
        try:
            with unit_of_work(db.session):
                result = edit_label_set(
                    db.session,
                    set_name,
                    definition=form.definition.data or "",
                    rules=(form.rules.data or "").splitlines(),
                    note=form.note.data or "",
                    actor_id=current_user.id,
                    seen_version=form.version.data,
                )
            return _saved(result)
        except CodebookError as error:
            _refused(form, error)
        except IntegrityError:  # another admin saved the same version number first
            _refused(form, StaleCodebook("stale", "version"))
    status = 400 if form.errors or form.form_errors else 200
    return render_template(
        "codebook/edit_set.html", form=form, label_set=label_set, version=version
    ), status


@bp.route("/edit/<set_name>/<label_name>", methods=["GET", "POST"])
@role_required("admin")
def edit_label_page(set_name: str, label_name: str) -> ResponseReturnValue:
    """Edit a label's definition and examples."""
    version, data = _current()
    label_set = _find(data, set_name)
    label = _find(data, set_name, label_name)
    form = LabelForm()
    if not form.is_submitted():
        form.version.data = version
        form.definition.data = label.get("definition", "")
        for example in [*label.get("examples", []), *[{}] * EXTRA_EXAMPLE_ROWS]:
            form.examples.append_entry({"positive": True, **example})
    elif form.validate():
        try:
            with unit_of_work(db.session):
                result = edit_label(
                    db.session,
                    set_name,
                    label_name,
                    definition=form.definition.data or "",
                    examples=[entry.data for entry in form.examples],
                    note=form.note.data or "",
                    actor_id=current_user.id,
                    seen_version=form.version.data,
                )
            return _saved(result)
        except CodebookError as error:
            _refused(form, error)
        except IntegrityError:
            _refused(form, StaleCodebook("stale", "version"))
    status = 400 if form.errors or form.form_errors else 200
    return render_template(
        "codebook/edit_label.html", form=form, label_set=label_set, label=label, version=version
    ), status

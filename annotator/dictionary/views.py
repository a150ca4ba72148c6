"""The admin page for the newsroom's word lists, the search index and the suggester."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from annotator.auth.permissions import role_required
from annotator.database import unit_of_work
from annotator.dictionary.forms import AliasForm, ConfirmForm, CueForm, WordForm
from annotator.extensions import db
from annotator.jobs.starting import start_reindex, start_train
from annotator.models import LabelSet
from annotator.search.views import label_choices
from annotator.services import wordlists
from annotator.services.jobs import recent_jobs
from annotator.services.search import index_state
from annotator.services.suggestions.model import labeled_examples
from annotator.services.tokenizer import get_tokenizer
from annotator.text.cues import DEFAULT_CUES

bp = Blueprint("dictionary", __name__)


def _cue_form() -> CueForm:
    form = CueForm()
    choices = label_choices(_("general hint (no label)"))
    form.label.choices = [SelectChoice(c.value.partition(":")[2], c.label) for c in choices]
    return form


def _page(status: int = 200, **forms: object) -> ResponseReturnValue:
    tokenizer = get_tokenizer(db.session)
    locale = str(get_locale() or "zh")
    examples = {name: len(found.docs) for name, found in labeled_examples(db.session).items()}
    context = {
        "word_form": WordForm(),
        "alias_form": AliasForm(),
        "cue_form": _cue_form(),
        "confirm": ConfirmForm(),
        **forms,
        "entries": wordlists.list_dictionary(db.session),
        "aliases": wordlists.list_aliases(db.session),
        "cues": wordlists.list_cue_words(db.session),
        "default_cues": DEFAULT_CUES,
        "state": index_state(db.session, tokenizer),
        "examples": examples,
        "set_titles": {s.name: s.title(locale) for s in db.session.scalars(select(LabelSet))},
        "reindex_jobs": recent_jobs(db.session, 1, kind="reindex"),
        "train_jobs": recent_jobs(db.session, 1, kind="train"),
    }
    return render_template("dictionary/index.html", **context), status


def _word_list_change(form_name: str, form: object, change) -> ResponseReturnValue:  # type: ignore[no-untyped-def]
    """Validate, apply, commit once; on a rule violation show the message by the field."""
    if not form.validate_on_submit():  # type: ignore[attr-defined]
        return _page(400, **{form_name: form})
    try:
        with unit_of_work(db.session):
            message = change(form)
    except wordlists.WordListError as exc:
        field = getattr(form, exc.field or "", None)
        if field is not None:
            field.errors = [*field.errors, str(exc)]
        else:
            flash(str(exc), "error")
        return _page(400, **{form_name: form})
    flash(message, "ok")
    return redirect(url_for("dictionary.dictionary_page"))


@bp.get("/dictionary")
@role_required("admin")
def dictionary_page() -> ResponseReturnValue:
    """Dictionary words, holder aliases, cue words, the index and the suggester."""
    return _page()


@bp.post("/dictionary/words")
@role_required("admin")
def add_word() -> ResponseReturnValue:
    """Add a dictionary word; the index goes out of date until re-indexed."""

    def change(form: WordForm) -> str:
        wordlists.add_dictionary_word(
            db.session,
            form.word.data or "",
            form.freq.data,
            form.tag.data,
            actor_id=current_user.id,
        )
        return str(_("Added %(word)s. Re-index so search uses it.", word=form.word.data))

    return _word_list_change("word_form", WordForm(), change)


@bp.post("/dictionary/words/remove/<path:word>")
@role_required("admin")
def remove_word(word: str) -> ResponseReturnValue:
    """Remove a dictionary word added in the app."""

    def change(form: ConfirmForm) -> str:
        wordlists.remove_dictionary_word(db.session, word, actor_id=current_user.id)
        return str(_("Removed %(word)s. Re-index so search forgets it.", word=word))

    return _word_list_change("confirm", ConfirmForm(), change)


@bp.post("/dictionary/aliases")
@role_required("admin")
def add_alias() -> ResponseReturnValue:
    """Add a holder alias."""

    def change(form: AliasForm) -> str:
        wordlists.add_alias(
            db.session, form.alias.data or "", form.canonical.data or "", actor_id=current_user.id
        )
        return str(
            _("%(alias)s now means %(name)s.", alias=form.alias.data, name=form.canonical.data)
        )

    return _word_list_change("alias_form", AliasForm(), change)


@bp.post("/dictionary/aliases/remove/<path:alias>")
@role_required("admin")
def remove_alias(alias: str) -> ResponseReturnValue:
    """Remove a holder alias."""

    def change(form: ConfirmForm) -> str:
        wordlists.remove_alias(db.session, alias, actor_id=current_user.id)
        return str(_("Removed the alias %(alias)s.", alias=alias))

    return _word_list_change("confirm", ConfirmForm(), change)


@bp.post("/dictionary/cues")
@role_required("admin")
def add_cue() -> ResponseReturnValue:
    """Add a cue word."""

    def change(form: CueForm) -> str:
        wordlists.add_cue_word(
            db.session, form.word.data or "", form.label.data or None, actor_id=current_user.id
        )
        return str(_("Added the cue word %(word)s.", word=form.word.data))

    return _word_list_change("cue_form", _cue_form(), change)


@bp.post("/dictionary/cues/<int:cue_id>/remove")
@role_required("admin")
def remove_cue(cue_id: int) -> ResponseReturnValue:
    """Remove a cue word."""

    def change(form: ConfirmForm) -> str:
        wordlists.remove_cue_word(db.session, cue_id, actor_id=current_user.id)
        return str(_("Removed the cue word."))

    return _word_list_change("confirm", ConfirmForm(), change)


@bp.post("/dictionary/reindex")
@role_required("admin")
def reindex_page() -> ResponseReturnValue:
    """Re-index the stale articles as a background job and show its progress."""
    form = ConfirmForm()
    if not form.validate_on_submit():
        return _page(400)
    return redirect(url_for("jobs.job_page", job_id=start_reindex().id))


@bp.post("/dictionary/train")
@role_required("admin")
def train_page() -> ResponseReturnValue:
    """Train the suggester as a background job (only label sets whose labels changed)."""
    form = ConfirmForm()
    if not form.validate_on_submit():
        return _page(400)
    return redirect(url_for("jobs.job_page", job_id=start_train().id))

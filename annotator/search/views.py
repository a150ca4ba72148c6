"""The search page."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from annotator.admin.current import current_viewer
from annotator.auth.permissions import role_required
from annotator.extensions import db
from annotator.models import Label, LabelSet
from annotator.search.forms import STATUS_TITLES, SearchForm
from annotator.search.pickers import people_choices, picked_article
from annotator.services.search import QueryError, SearchFilters, SearchPage, search_passages
from annotator.services.tokenizer import get_tokenizer

bp = Blueprint("search", __name__)


PER_PAGE = 20


def label_choices(blank: str) -> list[SelectChoice]:
    """("set:label", "Set title · Label title") for every active passage label."""
    locale = str(get_locale() or "zh")
    rows = db.session.execute(
        select(LabelSet, Label)
        .join(Label, Label.label_set_id == LabelSet.id)
        .where(
            LabelSet.retired_at.is_(None),
            Label.retired_at.is_(None),
            LabelSet.scope == "passage",
        )
        .order_by(LabelSet.position, Label.position)
    ).all()
    return [SelectChoice("", blank)] + [
        SelectChoice(f"{s.name}:{label.name}", f"{s.title(locale)} · {label.title(locale)}")
        for s, label in rows
    ]


def status_titles() -> dict[str, str]:
    """Resolution statuses in the UI language."""
    return {status: str(title) for status, title in STATUS_TITLES.items()}


def label_titles() -> dict[str, str]:
    """Label name -> title in the UI language (names are unique within the default schema)."""
    locale = str(get_locale() or "zh")
    return {label.name: label.title(locale) for label in db.session.scalars(select(Label))}


def filters_from(form: SearchForm, article_id: int | None) -> SearchFilters:
    """The form's filters as the search service takes them (the article already picked)."""
    return SearchFilters(
        label=form.label.data or None,
        label_scope=form.scope.data or "any",
        status=form.status.data or None,
        annotator=(form.annotator.data or "").strip() or None,
        article_id=article_id,
        kind=form.kind.data or None,
    )


@bp.get("/search")
@role_required("editor")
def search_page() -> ResponseReturnValue:
    """Search passages; show ranked, highlighted results with filters."""
    form = SearchForm(request.args)
    form.label.choices = label_choices(_("any label"))
    form.annotator.choices = people_choices(_("anyone"))
    result: SearchPage | None = None
    status = 200
    query = (form.q.data or "").strip()
    picked, error = picked_article(form.article.data)
    if not form.validate():
        error = "; ".join(str(e) for errors in form.errors.values() for e in errors)
    if picked is not None:
        form.article.data = picked.label
    if error:
        status = 400
    elif query:
        try:
            result = search_passages(
                db.session,
                get_tokenizer(db.session),
                query,
                filters_from(form, picked.id if picked else None),
                page=form.page.data or 1,
                per_page=PER_PAGE,
                viewer=current_viewer(),
            )
        except QueryError as exc:
            error, status = _(exc.template, **exc.params), 400
    args: dict[str, Any] = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template(
        "search/results.html",
        form=form,
        result=result,
        error=error,
        query=query,
        page_args=args,
        statuses=status_titles(),
        titles=label_titles(),
        is_admin=current_user.can("admin"),
        is_reviewer=current_user.can("reviewer"),
    ), status

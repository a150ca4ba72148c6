"""The review list, one passage's review with the gold form, reopening, and history."""

from __future__ import annotations

import json

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from annotator.admin.current import error_message
from annotator.auth.permissions import role_required
from annotator.database import unit_of_work
from annotator.extensions import db
from annotator.models import Passage
from annotator.review.forms import NONE, ReopenForm, gold_form, parse_span_key, span_key
from annotator.review.history_text import history_lines
from annotator.search.pickers import picked_article
from annotator.security.params import optional_int_arg, page_arg
from annotator.services.dashboard import label_titles, set_titles
from annotator.services.holder_links import (
    HOLDER_LABEL,
    NO_LINK,
    STANCE_SET,
    SpanLink,
    agreed_link,
)
from annotator.services.records import choice_sets
from annotator.services.reviewing import (
    Decision,
    ReviewDetail,
    ReviewError,
    editors_with_work,
    reopen,
    review_detail,
    review_list,
    settle,
)

bp = Blueprint("review", __name__)
PER_PAGE = 25


@bp.app_template_filter("json_text")
def json_text(value: object) -> str:
    """JSON with Chinese left readable (the template escapes it like any text)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _int_arg(name: str) -> int | None:
    # The one parser (a 400 naming the parameter); pages run from 1 to MAX_PAGE.
    if name == "page":
        return page_arg()
    return optional_int_arg(name)


@bp.get("/review")
@role_required("reviewer")
def index() -> ResponseReturnValue:
    """Passages in conflict (or all double-annotated ones), filterable and paginated."""
    show = "all" if request.args.get("show") == "all" else "conflict"
    sets = choice_sets(db.session)
    label_set = request.args.get("label_set") or None
    if label_set not in {s.name for s in sets}:
        label_set = None
    typed = request.args.get("article", "")
    picked, error = picked_article(typed)
    result = None
    if error is None:
        result = review_list(
            db.session,
            show=show,
            article_id=picked.id if picked else None,
            label_set=label_set,
            editor_id=_int_arg("editor"),
            page=_int_arg("page") or 1,
            per_page=PER_PAGE,
        )
    return render_template(
        "review/index.html",
        result=result,
        error=error,
        show=show,
        sets=sets,
        label_set=label_set,
        article_text=picked.label if picked else typed,
        editors=editors_with_work(db.session),
        editor_id=_int_arg("editor"),
        set_titles=set_titles(db.session, str(get_locale() or "zh")),
    ), (400 if error else 200)


def _form_for(detail: ReviewDetail, formdata: bool):  # type: ignore[no-untyped-def]
    locale = str(get_locale() or "zh")
    spans = [span for span, _who in detail.span_choices]
    form = gold_form(
        detail.sets, detail.labels, spans, locale, **({} if formdata else {"formdata": None})
    )
    if not formdata:
        # Pre-fill: the current gold if any, else the editors' majority.
        gold = detail.gold
        for s in detail.sets:
            field = getattr(form, f"set_{s.name}")
            if gold is not None:
                chosen = gold["labels"].get(s.name, [])
                field.data = chosen if s.kind == "multi" else (chosen[0] if chosen else NONE)
            else:
                value = detail.majority.prefill(s)
                field.data = sorted(value) if isinstance(value, frozenset) else (value or NONE)
        form.spans.data = (
            [span_key((x["start"], x["end"], x["label"])) for x in gold["spans"]]
            if gold is not None
            else [span_key(sp) for sp in sorted(detail.majority.spans)]
        )
        form.token.data = detail.token
    return form


def _link_prefill(detail: ReviewDetail) -> dict[str, dict[str, str]]:
    """Per span ("start:end:label"): the holder stance and evidence link to pre-select.

    The current gold's if any; else what every editor who marked the span gave it alike.
    """
    out: dict[str, dict[str, str]] = {}
    if detail.gold is not None:
        for x in detail.gold["spans"]:
            holder = x.get("holder")
            out[span_key((x["start"], x["end"], x["label"]))] = {
                "stance": x.get("stance") or "",
                "holder": f"{holder['start']}:{holder['end']}" if holder else "",
            }
        return out
    for span, _who in detail.span_choices:
        links = [e.links.get(span, NO_LINK) for e in detail.editors if span in e.spans]
        agreed = agreed_link(links)
        out[span_key(span)] = {
            "stance": agreed.stance or "",
            "holder": f"{agreed.holder[0]}:{agreed.holder[1]}" if agreed.holder else "",
        }
    return out


def _links_from_form(spans: list[tuple[int, int, str]]) -> dict[tuple[int, int, str], SpanLink]:
    """The stance and holder chosen beside each span of the gold form."""
    links = {}
    for start, end, label in spans:
        stance = request.form.get(f"stance:{start}:{end}:{label}") or None
        holder = None
        at = request.form.get(f"holder:{start}:{end}:{label}") or ""
        if at.count(":") == 1 and all(x.isdigit() for x in at.split(":")):
            hs, he = at.split(":")
            holder = (int(hs), int(he))
        links[(start, end, label)] = SpanLink(stance, holder)
    return links


def _render(detail: ReviewDetail, form, error: str | None = None, status: int = 200):  # type: ignore[no-untyped-def]
    locale = str(get_locale() or "zh")
    choice = {s.name for s in detail.sets}
    span_titles = {
        x.name: x.title(locale)
        for name, items in detail.labels.items()
        if name not in choice
        for x in items
    }
    return render_template(
        "review/passage.html",
        d=detail,
        form=form,
        reopen_form=ReopenForm(formdata=None),
        span_titles=span_titles,
        prefill=_link_prefill(detail),
        holder_spans=[sp for sp, _who in detail.span_choices if sp[2] == HOLDER_LABEL],
        stance_labels=detail.labels.get(STANCE_SET, []),
        history=history_lines(db.session, detail.passage),
        error=error,
        titles=label_titles(db.session, locale),
        set_titles=set_titles(db.session, locale),
    ), status


def _detail_or_404(passage_id: int) -> ReviewDetail:
    detail = review_detail(db.session, passage_id)
    if detail is None:
        abort(404, description="No such passage.")
    return detail


@bp.get("/review/<int:passage_id>")
@role_required("reviewer")
def passage(passage_id: int) -> ResponseReturnValue:
    """The passage in context, every editor's work side by side, and the gold form."""
    detail = _detail_or_404(passage_id)
    return _render(detail, _form_for(detail, formdata=False))


@bp.post("/review/<int:passage_id>")
@role_required("reviewer")
def save_gold(passage_id: int) -> ResponseReturnValue:
    """Store the gold labels and spans."""
    detail = _detail_or_404(passage_id)
    form = _form_for(detail, formdata=True)
    if not form.validate():
        return _render(detail, form, _("Check the highlighted fields."), 400)
    values = {}
    for s in detail.sets:
        data = getattr(form, f"set_{s.name}").data
        values[s.name] = (
            list(data or []) if s.kind == "multi" else (None if data in (None, NONE) else data)
        )
    spans = [parse_span_key(k) for k in form.spans.data or []]
    if form.new_start.data is not None or form.new_end.data is not None or form.new_label.data:
        if form.new_start.data is None or form.new_end.data is None or not form.new_label.data:
            return _render(detail, form, _("A new span needs a start, an end and a label."), 400)
        spans.append((form.new_start.data, form.new_end.data, form.new_label.data))
    links = _links_from_form(spans)
    decision = Decision(values=values, spans=spans, reason=form.reason.data or "", links=links)
    # Translate before the commit: choosing the locale reads the (then expired) user, and
    # on SQLite any new transaction of a POST queues for the write lock again (database/).
    # For the same reason only "save and go to the next" reads after the commit.
    saved = _("Gold saved.")
    try:
        with unit_of_work(db.session):
            settle(db.session, passage_id, current_user, decision, request.form.get("token"))
    except ReviewError as exc:
        return _render(_detail_or_404(passage_id), form, error_message(exc), exc.status)
    flash(saved)
    if request.form.get("then") == "next":
        following = review_list(db.session, per_page=1)
        if following.items:
            return redirect(url_for("review.passage", passage_id=following.items[0].passage_id))
    return redirect(url_for("review.passage", passage_id=passage_id))


@bp.post("/review/<int:passage_id>/reopen")
@role_required("reviewer")
def reopen_gold(passage_id: int) -> ResponseReturnValue:
    """Reopen settled gold so the passage is reviewed again."""
    detail = _detail_or_404(passage_id)
    form = ReopenForm()
    if not form.validate():
        return _render(detail, _form_for(detail, False), _("Say why the gold is reopened."), 400)
    reopened = _("Gold reopened.")  # before the commit, as in save_gold
    try:
        with unit_of_work(db.session):
            reopen(
                db.session,
                passage_id,
                current_user,
                form.reason.data or "",
                request.form.get("token"),
            )
    except ReviewError as exc:
        return _render(detail, _form_for(detail, False), error_message(exc), exc.status)
    flash(reopened)
    return redirect(url_for("review.passage", passage_id=passage_id))


@bp.get("/passages/<int:passage_id>/history")
@role_required("reviewer")
def history(passage_id: int) -> ResponseReturnValue:
    """Every change ever made to the passage's labels, spans, notes and gold."""
    passage = db.get_or_404(Passage, passage_id, description="No such passage.")
    return render_template(
        "review/history.html", passage=passage, history=history_lines(db.session, passage)
    )

"""Pages editors tag in: articles with progress, an article's passages, the next passage."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from annotator.admin.current import current_viewer
from annotator.auth.permissions import role_required
from annotator.codebook.rollup_view import article_rollup_context, rollup_context
from annotator.extensions import db
from annotator.models import Article
from annotator.security.params import int_arg, optional_int_arg, page_arg
from annotator.services.annotating import MAX_ID
from annotator.services.progress import article_progress, required_annotators
from annotator.services.queue import next_passage_for
from annotator.services.visibility import Viewer, may_see_article
from annotator.tagging.page import WINDOW_MAX, article_view, passage_window

bp = Blueprint("tagging", __name__)
MAX_INDEX = 10_000_000  # beyond any article's passage count


@bp.get("/")
@bp.get("/articles")
@role_required("editor")
def articles() -> ResponseReturnValue:
    """The articles I may tag, with my progress and the team's, a page at a time."""
    only_todo = request.args.get("todo") == "1"
    page = page_arg()
    required = required_annotators(db.session, current_app.config["ANNOTATORS_PER_PASSAGE"])
    viewer = current_viewer()
    listing = article_progress(
        db.session,
        viewer.user_id,
        required=required,
        only_todo=only_todo,
        page=page,
        blind=viewer.blind,
    )
    return render_template(
        "tagging/articles.html",
        listing=listing,
        only_todo=only_todo,
        required=required,
        **rollup_context(db.session, [item.id for item in listing.items], viewer),
    )


def visible_article_or_404(article_id: int, viewer: Viewer) -> Article:
    """The article, if it exists for the viewer (the visibility rule); 404 otherwise."""
    found = db.session.get(Article, article_id) if article_id <= MAX_ID else None
    if found is None or not may_see_article(db.session, viewer, found.id):
        abort(404, description=_("No such article."))
    return found


@bp.get("/articles/<int:article_id>")
@role_required("editor")
def article(article_id: int) -> ResponseReturnValue:
    """The whole article as passages; the label controls and data come with the script."""
    viewer = current_viewer()
    found = visible_article_or_404(article_id, viewer)
    view = article_view(db.session, found, viewer, str(get_locale() or "zh"))
    rollup = article_rollup_context(db.session, found.id, viewer)
    return render_template("tagging/article.html", view=view, **rollup)


@bp.get("/articles/<int:article_id>/passages")
@role_required("editor")
def article_passages(article_id: int) -> ResponseReturnValue:
    """JSON: the data of the passages with start <= index < stop, loaded as the editor scrolls."""
    viewer = current_viewer()
    found = visible_article_or_404(article_id, viewer)
    start = int_arg("start", 0, 0, MAX_INDEX)
    stop = int_arg("stop", start + WINDOW_MAX, 0, MAX_INDEX)
    items = passage_window(db.session, found, viewer, start, min(stop, start + WINDOW_MAX))
    return {"passages": items}


@bp.post("/next")
@role_required("editor")
def next_passage() -> ResponseReturnValue:
    """Claim the next passage that still needs me, across articles, and go to it.

    A POST: the claim holds the passage for this editor, which a link, a prefetch or a
    crawler following a GET must not do.
    """
    after = optional_int_arg("after")
    passage = next_passage_for(db.session, current_user, after)
    db.session.commit()  # the queue's claim holds the passage for this editor
    if passage is None:
        return redirect(url_for("tagging.done"))
    anchor = f"p-{passage.id}"
    return redirect(url_for("tagging.article", article_id=passage.article_id, _anchor=anchor))


@bp.get("/done")
@role_required("editor")
def done() -> ResponseReturnValue:
    """Shown when no passage needs me."""
    return render_template("tagging/done.html")

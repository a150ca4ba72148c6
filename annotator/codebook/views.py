"""Read the codebook: the printable page, the tagging screen's panel, versions, outdated list."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, render_template
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from markupsafe import Markup
from sqlalchemy import select

from annotator.auth.permissions import role_required
from annotator.extensions import db
from annotator.models import Article, CodebookVersion
from annotator.security.params import optional_int_arg
from annotator.services.codebook import (
    get_version,
    history,
    latest_version,
    outdated_annotations,
    plain_text,
    render_inline,
    render_markdown,
)

bp = Blueprint("codebook", __name__, url_prefix="/codebook")
OUTDATED_LIMIT = 500


@bp.app_template_filter("markdown")
def markdown_filter(text: str | None) -> Markup:
    """Codebook Markdown as safe HTML."""
    return render_markdown(text)


@bp.app_template_filter("markdown_inline")
def markdown_inline_filter(text: str | None) -> Markup:
    """One line of codebook Markdown as safe HTML."""
    return render_inline(text)


@bp.app_template_filter("plain")
def plain_filter(text: str | None) -> str:
    """Codebook Markdown as plain text (for tooltips)."""
    return plain_text(text)


@bp.app_template_global("title_of")
def title_of(item: dict[str, Any]) -> str:
    """A set's or label's title in the UI language."""
    return str(item["title_en"] if str(get_locale() or "zh") == "en" else item["title_zh"])


def example_sources(data: dict[str, Any]) -> dict[str, int]:
    """Example sources that name an imported article's file, mapped to the article id."""
    names = {
        e.get("source")
        for s in data["label_sets"]
        for label in s["labels"]
        for e in label.get("examples") or []
        if e.get("source")
    }
    if not names:
        return {}
    rows = db.session.execute(
        select(Article.filename, Article.id).where(Article.filename.in_(sorted(names)))
    )
    return {filename: article_id for filename, article_id in rows if filename}


def _chosen_version() -> tuple[CodebookVersion, CodebookVersion]:
    latest = latest_version(db.session)
    if latest is None:
        abort(404, description="No codebook is installed yet.")
    asked = optional_int_arg("version")
    if asked is None or asked == latest.version:
        return latest, latest
    row = get_version(db.session, asked)
    if row is None:
        abort(404, description="No such codebook version.")
    return row, latest


@bp.get("")
@role_required("editor")
def page() -> ResponseReturnValue:
    """The whole codebook (the newest version, or ?version=N), laid out for printing too."""
    row, latest = _chosen_version()
    return render_template(
        "codebook/index.html",
        row=row,
        latest=latest,
        data=row.snapshot,
        sources=example_sources(row.snapshot),
    )


@bp.get("/panel")
@role_required("editor")
def panel() -> ResponseReturnValue:
    """The newest codebook as an HTML fragment for the tagging screen's side panel."""
    row, _ = _chosen_version()
    return render_template(
        "codebook/panel.html", row=row, data=row.snapshot, sources=example_sources(row.snapshot)
    )


@bp.get("/versions")
@role_required("editor")
def versions() -> ResponseReturnValue:
    """Every codebook version with its change note and what changed in meaning."""
    return render_template("codebook/versions.html", versions=history(db.session))


@bp.get("/outdated")
@role_required("reviewer")
def outdated() -> ResponseReturnValue:
    """Passages and articles tagged under a version whose definitions or rules changed since."""
    report = outdated_annotations(db.session)
    return render_template(
        "codebook/outdated.html",
        report=report,
        items=report.items[:OUTDATED_LIMIT],
        limit=OUTDATED_LIMIT,
        passages=sum(1 for i in report.items if i.passage_id is not None),
        articles=sum(1 for i in report.items if i.passage_id is None),
    )

"""Read-only JSON endpoints: articles with their passages, and the streamed export."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, NoReturn

from flask import Blueprint, Response, request, stream_with_context
from flask.typing import ResponseReturnValue
from sqlalchemy import func, select
from werkzeug.exceptions import BadRequest, NotFound

from annotator.admin.current import current_viewer
from annotator.auth.permissions import role_required
from annotator.extensions import db
from annotator.models import Article, Passage
from annotator.security.params import int_arg
from annotator.services.article_titles import MAX_TEXT as MAX_PICKER_TEXT
from annotator.services.article_titles import matching_titles
from annotator.services.exporting import FORMATS, ExportOptionError, ExportOptions, export_lines
from annotator.services.exporting.native import iso_published, iso_timestamp
from annotator.services.visibility import may_see_article

bp = Blueprint("api_read", __name__, url_prefix="/api")

MAX_LIMIT = 500
DEFAULT_LIMIT = 100
BOOLEANS = {"true": True, "1": True, "false": False, "0": False}


def fail(
    message: str, field: str | None, error: type[BadRequest | NotFound] = BadRequest
) -> NoReturn:
    """Stop with a JSON error naming the field at fault."""
    exc = error(message)
    setattr(exc, "field", field)  # noqa: B010 - annotator.errors reads it
    raise exc


def article_summary(row: Any) -> dict[str, Any]:
    """An article's metadata, without its text."""
    return {
        "id": row.id,
        "uid": row.content_hash[:16],
        "title": row.title,
        "source": row.source,
        "published": iso_published(row.published, row.published_precision),
        "url": row.url,
        "segmenter_version": row.segmenter_version,
        "created_at": iso_timestamp(row.created_at),
    }


@bp.get("/articles")
@role_required("editor")
def articles() -> ResponseReturnValue:
    """Articles in import order with passage counts, a page at a time."""
    limit = int_arg("limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
    offset = int_arg("offset", 0, 0, 10**9)
    visible = current_viewer().article_visible()
    total = db.session.scalar(select(func.count()).select_from(Article).where(visible)) or 0
    # The page first, then counts for its articles only (correlated, from the passages'
    # indexes): a join and GROUP BY, or counts beside OFFSET, would count every skipped article.
    page = (
        select(
            Article.id,
            Article.content_hash,
            Article.title,
            Article.source,
            Article.published,
            Article.published_precision,
            Article.url,
            Article.segmenter_version,
            Article.created_at,
        )
        .where(visible)
        .order_by(Article.id)
        .limit(limit)
        .offset(offset)
        .subquery()
    )
    passages = select(func.count()).where(Passage.article_id == page.c.id).correlate(page)
    body = passages.where(Passage.kind == "body")
    rows = db.session.execute(
        select(
            page,
            passages.scalar_subquery().label("passage_count"),
            body.scalar_subquery().label("body_passage_count"),
        ).order_by(page.c.id)
    ).all()
    items = [
        {
            **article_summary(r),
            "passage_count": r.passage_count,
            "body_passage_count": r.body_passage_count,
        }
        for r in rows
    ]
    return {"articles": items, "total": total, "limit": limit, "offset": offset}


@bp.get("/articles/titles")
@role_required("editor")
def article_titles() -> ResponseReturnValue:
    """Up to 20 visible articles whose number is `q` or whose title contains it (pickers)."""
    typed = request.args.get("q", "")
    if len(typed) > MAX_PICKER_TEXT:
        fail(f"q is longer than {MAX_PICKER_TEXT} characters", "q")
    found = matching_titles(db.session, current_viewer(), typed)
    return {"articles": [{"id": a.id, "title": a.title, "label": a.label} for a in found]}


@bp.get("/articles/<int:article_id>")
@role_required("editor")
def article(article_id: int) -> ResponseReturnValue:
    """One article with its text and every passage."""
    found = db.session.get(Article, article_id) if article_id <= 2**31 - 1 else None
    if found is None or not may_see_article(db.session, current_viewer(), found.id):
        fail(f"no article with id {article_id}", "article_id", NotFound)
    passages = db.session.execute(
        select(
            Passage.id,
            Passage.uid,
            Passage.index.label("position"),
            Passage.start,
            Passage.end,
            Passage.kind,
            Passage.text,
        )
        .where(Passage.article_id == found.id)
        .order_by(Passage.index)
    )
    return {
        **article_summary(found),
        "meta": found.meta,
        "text": found.text,
        "passages": [
            {
                "id": p.id,
                "uid": p.uid,
                "index": p.position,
                "start": p.start,
                "end": p.end,
                "kind": p.kind,
                "text": p.text,
            }
            for p in passages
        ],
    }


def export_options_from_args() -> ExportOptions:
    """Export options from the query string, with a JSON error for a bad value."""
    raw = request.args.get("include_boilerplate", "false").lower()
    if raw not in BOOLEANS:
        fail("include_boilerplate must be true or false", "include_boilerplate")
    fmt = request.args.get("format", "native")
    if fmt not in FORMATS:  # Parquet is a file the CLI writes, not a stream
        fail(f"format must be one of {', '.join(FORMATS)}", "format")
    try:
        return ExportOptions(
            format=fmt,
            status=request.args.get("status", "all"),
            include_boilerplate=BOOLEANS[raw],
            # Only the doccano formats have a choice of unit; the others ignore the parameter.
            offset_unit=request.args.get("offset_unit") if fmt.startswith("doccano") else None,
        )
    except ExportOptionError as exc:
        fail(str(exc), exc.field)


def streamed_export(options: ExportOptions) -> Response:
    """The export as a streamed download, byte for byte what the CLI writes."""
    chunks = export_lines(db.session, options)
    encoded = (chunk.encode("utf-8") for chunk in chunks)
    response = Response(stream_with_context(encoded), mimetype=options.media_type)
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{options.filename(datetime.now(UTC).date())}"'
    )
    return response


@bp.get("/export")
@role_required("reviewer")
def export() -> ResponseReturnValue:
    """Stream the dataset in one of the export formats (reviewers and admins)."""
    return streamed_export(export_options_from_args())

"""A health check for load balancers: the only unauthenticated endpoint besides sign-in."""

from __future__ import annotations

from flask import Blueprint
from sqlalchemy import text

from annotator.auth.permissions import public
from annotator.extensions import db

bp = Blueprint("health", __name__)


@bp.get("/healthz")
@public
def healthz() -> tuple[dict[str, str], int]:
    """Report whether the database answers."""
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # noqa: BLE001 - any failure means unhealthy
        db.session.rollback()
        return {"status": "database unavailable"}, 503
    return {"status": "ok"}, 200

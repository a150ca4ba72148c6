"""Error handlers: JSON under /api/, pages elsewhere; never a bare 500 for a user mistake."""

from __future__ import annotations

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from annotator.extensions import db


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def register(app: Flask) -> None:
    """Install the handlers on the app."""

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> tuple[object, int]:
        message = "The form expired or came from elsewhere; reload the page and try again."
        if _wants_json():
            return {"error": message, "field": "csrf_token"}, 400
        return render_template("error.html", code=400, message=message), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[object, int]:
        code = error.code or 500
        message = error.description or error.name
        if _wants_json():
            return {"error": message, "field": getattr(error, "field", None)}, code
        return render_template("error.html", code=code, message=message), code

    @app.errorhandler(500)
    def server_error(error: Exception) -> tuple[object, int]:
        db.session.rollback()
        message = "Something went wrong on our side; your last change may not be saved."
        if _wants_json():
            return {"error": message, "field": None}, 500
        return render_template("error.html", code=500, message=message), 500

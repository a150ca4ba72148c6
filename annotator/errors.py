"""Error handlers: JSON under /api/, pages elsewhere; never a bare 500 for a user mistake."""

from __future__ import annotations

from flask import Flask, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from annotator.extensions import db


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def _page_titles() -> dict[int, str]:
    """What a status means to a person, in the UI language."""
    return {
        400: _("The request could not be understood."),
        401: _("Please sign in first."),
        403: _("You do not have permission to open this page."),
        404: _("This page does not exist (or no longer exists)."),
        405: _("This address cannot be used that way."),
        413: _("The upload is too large."),
        429: _("Too many attempts; wait a moment and try again."),
    }


def _message(error: HTTPException) -> str:
    """The error's own message when a view gave one, else the status's, in the UI language.

    Views give their message in English (the API returns it as it is); the page translates
    it here, and a message a view already translated passes through unchanged.
    """
    if error.description and error.description != type(error).description:
        return str(_(str(error.description)))
    code = error.code or 500
    return _page_titles().get(code) or str(_("Something went wrong (%(code)s).", code=code))


def register(app: Flask) -> None:
    """Install the handlers on the app."""

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> ResponseReturnValue:
        message = "The form expired or came from elsewhere; reload the page and try again."
        if _wants_json():
            return {"error": message, "field": "csrf_token"}, 400
        return render_template("error.html", code=400, message=_(message)), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> ResponseReturnValue:
        code = error.code or 500
        if _wants_json():
            message = error.description or error.name
            return {"error": message, "field": getattr(error, "field", None)}, code
        return render_template("error.html", code=code, message=_message(error)), code

    @app.errorhandler(500)
    def server_error(error: Exception) -> ResponseReturnValue:
        db.session.rollback()
        message = "Something went wrong on our side; your last change may not be saved."
        if _wants_json():
            return {"error": message, "field": None}, 500
        return render_template("error.html", code=500, message=_(message)), 500

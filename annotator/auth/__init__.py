"""Sign-in: password checks and the session's user."""

from __future__ import annotations

from flask import Flask, redirect, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_login import user_loaded_from_cookie

from annotator.extensions import db, login_manager
from annotator.models import User

login_manager.login_view = "auth.login"
login_manager.session_protection = "strong"


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """Load the user named in the session; a stale session version signs them out."""
    try:
        pk, version = (int(part) for part in user_id.split(":"))
    except ValueError:
        return None
    user = db.session.get(User, pk)
    if user is None or user.session_version != version or not user.active:
        return None
    return user


@user_loaded_from_cookie.connect
def _bind_remembered_session(app: Flask, user: User) -> None:
    """Give a session rebuilt from the remember cookie the client's identifier.

    Strong session protection drops a session whose `_id` differs from the client's;
    Flask-Login leaves `_id` unset when it loads a user from the remember cookie, so
    without this "keep me signed in" lasted exactly one request after a browser restart.
    """
    session["_id"] = login_manager._session_identifier_generator()


@login_manager.unauthorized_handler
def unauthorized() -> ResponseReturnValue:
    """API callers get a JSON 401; people are sent to the sign-in page."""
    if request.path.startswith("/api/"):
        return {"error": "sign in or send an API token", "field": None}, 401
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))

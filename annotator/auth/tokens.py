"""`Authorization: Bearer <token>` for the API, and CSRF for everything that has cookies.

A request that carries a bearer token and neither the session nor the remember-me
cookie cannot have been forged by a browser (browsers attach cookies, not this header),
so it skips the CSRF check; every cookie request still needs the CSRF token.
"""

from __future__ import annotations

from flask import Flask, Request, Response, current_app, g, request
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from annotator.extensions import csrf, db, login_manager
from annotator.models import User
from annotator.services.tokens import user_for_token

REMEMBER_COOKIE = "remember_token"
# Every API answer to a signed-in browser carries a fresh CSRF token here (see below).
FRESH_CSRF_HEADER = "X-CSRFToken"


def bearer_token(req: Request) -> str | None:
    """The token of an `Authorization: Bearer` header, if there is one."""
    header = req.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def is_token_request(req: Request) -> bool:
    """A bearer-token request to the API without any sign-in cookie."""
    if not req.path.startswith("/api/") or bearer_token(req) is None:
        return False
    config = current_app.config
    cookies = (
        config.get("SESSION_COOKIE_NAME", "session"),
        config.get("REMEMBER_COOKIE_NAME", REMEMBER_COOKIE),
    )
    return not any(name in req.cookies for name in cookies)


@login_manager.request_loader
def load_user_from_token(req: Request) -> User | None:
    """Sign an API request in by its bearer token (Flask-Login asks when no session user)."""
    token = bearer_token(req)
    if token is None or not req.path.startswith("/api/"):
        return None
    user = user_for_token(db.session, token)
    # The token's last use is noted in the session, not committed here: the request's unit
    # of work saves it (the view's commit, or _save_token_use for a read-only call).
    g.token_use_noted = user is not None and bool(db.session.dirty)
    return user


def _save_token_use(response: Response) -> Response:
    """End a successful read-only token request's unit of work: the token's last use.

    A view that writes has committed the noted use with its own changes already; then
    this commit finds nothing left to write.
    """
    if g.pop("token_use_noted", False) and response.status_code < 400:
        db.session.commit()
    return response


def _csrf_unless_token() -> None:
    if not current_app.config.get("WTF_CSRF_ENABLED", True):
        return
    if is_token_request(request):
        return
    csrf.protect(apply_exemptions=True)


def _fresh_csrf_token(response: Response) -> Response:
    """Give a signed-in browser's API call a freshly signed CSRF token.

    CSRF tokens expire after WTF_CSRF_TIME_LIMIT; a tagging page stays open all day and
    talks only to the API, so each answer renews the token (tagging/api.js keeps it):
    the token lasts as long as the page is in use, not from when it was loaded.
    """
    if (
        request.path.startswith("/api/")
        and current_app.config.get("WTF_CSRF_ENABLED", True)
        and not is_token_request(request)
        and current_user.is_authenticated
    ):
        response.headers[FRESH_CSRF_HEADER] = generate_csrf()
    return response


def init_tokens(app: Flask) -> None:
    """Replace Flask-WTF's blanket CSRF hook with one that lets token requests through."""
    # Flask-WTF documents this: turn the default check off and call protect() ourselves.
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False
    app.before_request(_csrf_unless_token)
    app.after_request(_fresh_csrf_token)
    app.after_request(_save_token_use)

"""The sign-in throttle at the door: which client a request is, and its device cookie.

A browser that signed in to an account gets a signed `device` cookie naming that account
and a random nonce. Its later attempts on that account are counted apart from everyone
else's, so guesses from elsewhere (or from the same newsroom address) cannot keep it out.
The address used for the other clients is `request.remote_addr`: behind a reverse proxy it
is the proxy's unless TRUSTED_PROXIES says how many proxies may name the client.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from flask import current_app, request
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select
from werkzeug.wrappers import Response

from annotator.extensions import db
from annotator.models import User
from annotator.security import throttle_limits
from annotator.services.throttling import (
    UNKNOWN_ACCOUNTS,
    ThrottleKey,
    account_key,
    address_client,
    claim_attempt,
    device_client,
    forget,
    prune,
)

DEVICE_COOKIE = "device"
DEVICE_LIFETIME = timedelta(days=180)


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="sign-in-device")


def _device_nonce(username: str) -> str | None:
    """The nonce of this request's device cookie, if it was issued for this account."""
    raw = request.cookies.get(DEVICE_COOKIE)
    if not raw or len(raw) > 512:
        return None
    try:
        data = _serializer().loads(raw, max_age=int(DEVICE_LIFETIME.total_seconds()))
    except BadSignature:
        return None
    if not isinstance(data, dict) or data.get("a") != account_key(username):
        return None
    nonce = data.get("n")
    return nonce if isinstance(nonce, str) else None


def client_key(username: str) -> ThrottleKey:
    """The count this request's attempt on `username` belongs to."""
    nonce = _device_nonce(username)
    client = device_client(nonce) if nonce else address_client(request.remote_addr or "unknown")
    return ThrottleKey(account_key(username), client)


def claim_sign_in(username: str) -> int:
    """Count this attempt before the password is checked: 0, or seconds to wait. Commits."""
    limits = throttle_limits(current_app)
    wait = claim_attempt(db.session, client_key(username), limits)
    exists = db.session.scalar(select(User.id).where(User.username == username.strip()))
    if not wait and exists is None:
        address = address_client(request.remote_addr or "unknown")
        wait = claim_attempt(db.session, ThrottleKey(UNKNOWN_ACCOUNTS, address), limits)
    prune(db.session, limits)
    db.session.commit()  # other workers must see the count before the password is checked
    return wait


def password_confirmed(username: str) -> None:
    """The password was right: forget this client's failures on the account (caller commits)."""
    forget(db.session, client_key(username))


def sign_in_succeeded(username: str, response: Response) -> Response:
    """Forget this client's failures (the caller commits) and mark the browser as trusted."""
    password_confirmed(username)
    nonce = _device_nonce(username) or secrets.token_urlsafe(16)
    config = current_app.config
    response.set_cookie(
        DEVICE_COOKIE,
        _serializer().dumps({"a": account_key(username), "n": nonce}),
        max_age=int(DEVICE_LIFETIME.total_seconds()),
        httponly=True,
        secure=bool(config.get("SESSION_COOKIE_SECURE")),
        samesite="Lax",
    )
    return response


def wait_message(wait: int) -> str:
    """ "Too many failed sign-ins", with the wait in seconds or minutes."""
    if wait < 120:
        return str(_("Too many failed sign-ins. Wait %(n)s seconds and try again.", n=wait))
    return str(_("Too many failed sign-ins. Try again in %(n)s minutes.", n=-(-wait // 60)))

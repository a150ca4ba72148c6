"""Role checks for views and API endpoints: editor < reviewer < admin.

Every view declares who may call it: `role_required(role)` for signed-in users with
at least that role, or `public` for the few pages anyone may see (sign-in, health).
`endpoint_access` reads the declaration back so a test can walk `app.url_map`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import Flask, abort
from flask_login import current_user, login_required

F = TypeVar("F", bound=Callable[..., Any])

ROLE_ORDER = ("editor", "reviewer", "admin")
PUBLIC = "public"


def role_required(role: str) -> Callable[[F], F]:
    """Allow signed-in users with at least `role`; others get 403 (anonymous: sign-in)."""
    if role not in ROLE_ORDER:
        raise ValueError(f"unknown role {role!r}")

    def decorator(view: F) -> F:
        @wraps(view)
        @login_required
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.can(role):
                abort(403, description="Your role does not allow this.")
            return view(*args, **kwargs)

        wrapped.required_role = role  # type: ignore[attr-defined]
        return wrapped  # type: ignore[return-value]

    return decorator


def public(view: F) -> F:
    """Mark a view as open to anyone, signed in or not (sign-in, health checks)."""
    view.required_role = PUBLIC  # type: ignore[attr-defined]
    return view


def endpoint_access(app: Flask, endpoint: str) -> str | None:
    """The role an endpoint requires, PUBLIC, or None when it declares nothing."""
    if endpoint == "static" or endpoint.endswith(".static"):
        return PUBLIC  # Flask's own static files: CSS and JS, no data
    view = app.view_functions.get(endpoint)
    role = getattr(view, "required_role", None)
    return str(role) if role is not None else None

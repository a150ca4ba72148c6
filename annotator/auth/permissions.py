"""Role checks for views and API endpoints: editor < reviewer < admin."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user, login_required

F = TypeVar("F", bound=Callable[..., Any])


def role_required(role: str) -> Callable[[F], F]:
    """Allow signed-in users with at least `role`; others get 403 (anonymous: sign-in)."""

    def decorator(view: F) -> F:
        @wraps(view)
        @login_required
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.can(role):
                abort(403, description="Your role does not allow this.")
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator

"""A temporary password (invite, reset, quickstart) must be replaced before anything else."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

# What a user with a temporary password may still open: the page to change it, signing
# out, and what those pages need. The API is left alone: tokens are made after sign-in.
ALLOWED = {"admin.account", "auth.logout", "auth.login", "static", "health.healthz"}


def require_own_password() -> ResponseReturnValue | None:
    """Send a signed-in user whose password is temporary to the account page."""
    if not current_user.is_authenticated or not current_user.password_is_temporary:
        return None
    if request.endpoint in ALLOWED or request.path.startswith("/api/"):
        return None
    flash(_("Your password is temporary: choose your own before you go on."))
    return redirect(url_for("admin.account"))


def register(bp: Blueprint) -> None:
    """Check every request of the app, not only the admin pages'."""
    bp.before_app_request(require_own_password)

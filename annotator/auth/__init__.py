"""Sign-in: password checks and the session's user."""

from __future__ import annotations

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

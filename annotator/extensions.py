"""Flask extensions, created unbound and bound to the app in create_app."""

from __future__ import annotations

from typing import cast

from flask_babel import Babel
from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy.orm import Session, scoped_session

from annotator.models.base import Base


class Database(SQLAlchemy):
    """Flask-SQLAlchemy with `session` typed as the Session every service takes.

    `db.session` is a scoped_session: a registry that forwards each Session method to the
    current app context's Session. Saying so once here, instead of a cast wherever a view
    or command hands `db.session` to a service, is the one session type of the codebase.
    """

    session: Session  # type: ignore[assignment]


db = Database(model_class=Base)


def remove_session() -> None:
    """End this context's Session: `remove()` belongs to the registry, not to a Session."""
    cast(scoped_session[Session], db.session).remove()


csrf = CSRFProtect()
login_manager = LoginManager()
babel = Babel()

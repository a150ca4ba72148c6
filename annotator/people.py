"""People as the pages show them: the display name, the username on hover."""

from __future__ import annotations

from flask import Flask, g
from markupsafe import Markup, escape
from sqlalchemy import select

from annotator.extensions import db
from annotator.models import User


def display_names() -> dict[str, str]:
    """username -> display name (the username when none is set), read once per request."""
    if "display_names" not in g:
        rows = db.session.execute(select(User.username, User.display_name))
        g.display_names = {username: name or username for username, name in rows}
    return g.display_names  # type: ignore[no-any-return]


def usernames() -> dict[str, str]:
    """display name -> username, for names only one user goes by."""
    if "usernames" not in g:
        by_name: dict[str, list[str]] = {}
        for username, name in display_names().items():
            by_name.setdefault(name, []).append(username)
        g.usernames = {name: users[0] for name, users in by_name.items() if len(users) == 1}
    return g.usernames  # type: ignore[no-any-return]


def person(who: object) -> Markup:
    """A user, a username or a display name as `<span title=username>display name</span>`."""
    given = str(getattr(who, "username", who) or "")
    if not given:
        return Markup("—")
    names = display_names()
    username = given if given in names else usernames().get(given, given)
    name = getattr(who, "display_name", None) or names.get(username, given)
    span = Markup('<span class="person" title="{}">{}</span>')
    return span.format(escape(username), escape(name))


def register(app: Flask) -> None:
    """Make `person` a filter every template may use."""
    app.add_template_filter(person, "person")

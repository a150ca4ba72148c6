"""Fixture plugin: one seed article, a user per role with an API token each (`world`), and
the helpers that walk every route with them: CSRF-aware sign-in, URLs, database snapshots."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, text
from werkzeug.routing import IntegerConverter, PathConverter, Rule

from annotator.extensions import db
from annotator.models import Passage, User
from annotator.services.importing import collect_paths, import_file
from annotator.services.importing.store import ImportOptions
from annotator.services.tokenizer import get_tokenizer
from annotator.services.tokens import create_token
from annotator.services.users import create_user
from scripts.reliability.fuzz import fingerprint as _fingerprint
from tests.builders.users import PASSWORD
from tests.conftest import SEEDS

ROLES = {"editor": "editor", "editor2": "editor", "reviewer": "reviewer", "admin": "admin"}
CSRF_REFUSAL = "The form expired or came from elsewhere"
STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}


@dataclass
class World:
    """Users per role (username -> id), one token per user, and the first seed's ids."""

    users: dict[str, int]
    tokens: dict[str, str]
    article_id: int
    passage_id: int


@pytest.fixture
def world(app: Flask) -> World:
    """One seed article, a user per role and an API token each."""
    tokenizer = get_tokenizer(db.session)
    import_file(db.session, next(iter(collect_paths([SEEDS]))), tokenizer, ImportOptions())
    users = {
        name: create_user(db.session, name, PASSWORD, role=role).id for name, role in ROLES.items()
    }
    db.session.flush()
    tokens = {
        name: create_token(db.session, db.session.get(User, uid), "security test")[1]
        for name, uid in users.items()
    }
    passage = db.session.scalars(
        select(Passage).where(Passage.kind == "body").order_by(Passage.id)
    ).first()
    assert passage is not None
    db.session.commit()
    return World(users, tokens, passage.article_id, passage.id)


def csrf_token_from(html: str) -> str:
    """The CSRF token a page hands to its forms and scripts."""
    found = re.search(r'name="csrf[-_]token" (?:content|value)="([^"]+)"', html)
    if not found:
        found = re.search(r'id="csrf_token" name="csrf_token" type="hidden" value="([^"]+)"', html)
    assert found, "no CSRF token on the page"
    return found.group(1)


def sign_in_with_csrf(client: FlaskClient, username: str) -> str:
    """Sign in through the real form (CSRF included); return the page's CSRF token."""
    page = client.get("/login")
    token = csrf_token_from(page.text)
    response = client.post(
        "/login", data={"username": username, "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302, response.text
    # Signing in rotated the session, and with it the CSRF token: read the new one.
    return csrf_token_from(client.get("/login").text)


def url_for_rule(app: Flask, rule: Rule, world: World) -> str:
    """A concrete URL for a rule, naming real rows where the argument is an id."""
    values: dict[str, object] = {}
    for arg in rule.arguments:
        converter = rule._converters[arg]
        if isinstance(converter, IntegerConverter):
            values[arg] = world.passage_id if "passage" in arg else world.article_id
            if "user" in arg:
                values[arg] = world.users["editor2"]
            if "token" in arg:
                values[arg] = 1
        elif isinstance(converter, PathConverter) or arg == "filename":
            values[arg] = "app.css"
        else:
            values[arg] = "stance"
    with app.test_request_context():
        return app.url_map.bind("localhost").build(rule.endpoint, values)


def fingerprint() -> tuple[object, ...]:
    """Row counts of every table and the sum of every version column, in one query."""
    return _fingerprint(db.session)


def database_snapshot() -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, to prove a refused request wrote nothing."""
    db.session.rollback()
    snapshot = {}
    for table in db.metadata.sorted_tables:
        rows = db.session.execute(text(f'SELECT * FROM "{table.name}"')).all()
        snapshot[table.name] = sorted(tuple(map(repr, row)) for row in rows)
    db.session.rollback()
    return snapshot

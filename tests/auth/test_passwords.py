"""Passwords: scrypt (memory-hard) at werkzeug's full cost in production, never stored plain."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from werkzeug.security import check_password_hash

from annotator import create_app
from annotator.extensions import db
from annotator.models import User
from annotator.services.users import authenticate, hash_password
from tests.builders.users import PASSWORD
from tests.builders.world import World


def test_stored_hashes_are_scrypt_and_not_the_password(app: Flask, world: World) -> None:
    for user in db.session.query(User):
        assert user.password_hash.startswith("scrypt:")
        assert PASSWORD not in user.password_hash
        assert check_password_hash(user.password_hash, PASSWORD)


def test_production_uses_a_memory_hard_cost(tmp_path: Path) -> None:
    app = create_app({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x"})
    with app.app_context():
        method, salt, _digest = hash_password("a-long-password").split("$")
    name, n, r, p = method.split(":")
    # scrypt memory is 128 * n * r bytes: 32 MiB at werkzeug's default n=2**15, r=8.
    assert name == "scrypt" and int(n) >= 2**15 and int(r) >= 8 and int(p) >= 1
    assert 128 * int(n) * int(r) >= 32 * 1024 * 1024
    assert len(salt) >= 16


def test_same_password_gets_different_salts(app: Flask) -> None:
    assert hash_password("a-long-password") != hash_password("a-long-password")


def test_wrong_password_and_unknown_user_both_fail(app: Flask, world: World) -> None:
    assert authenticate(db.session, "editor", PASSWORD) is not None
    assert authenticate(db.session, "editor", PASSWORD + "x") is None
    assert authenticate(db.session, "nobody", PASSWORD) is None

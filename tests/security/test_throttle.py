"""Sign-in throttling per account and per address, shared by every worker through the database."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from sqlalchemy import func, select

from annotator.extensions import db
from annotator.models import SignInFailure, utcnow
from annotator.services.throttling import (
    ThrottleLimits,
    record_failure,
    seconds_to_wait,
)
from tests.security.conftest import PASSWORD, World

THROTTLED = "登录失败次数过多"


def _try(client, username: str, password: str, address: str = "10.0.0.1"):  # type: ignore[no-untyped-def]
    return client.post(
        "/login",
        data={"username": username, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def test_an_account_is_throttled_after_its_limit_even_with_the_right_password(
    app: Flask, world: World
) -> None:
    app.config["SIGN_IN_ACCOUNT_LIMIT"] = 3
    client = app.test_client()
    for i in range(3):
        assert _try(client, "editor", "wrong-password", f"10.0.0.{i}").status_code == 401
    blocked = _try(client, "Editor ", PASSWORD, "10.0.0.99")  # spelling does not matter
    assert blocked.status_code == 429
    assert THROTTLED in blocked.text
    assert 0 < int(blocked.headers["Retry-After"]) <= 900
    # Other accounts are unaffected.
    assert _try(client, "editor2", PASSWORD, "10.0.0.99").status_code == 302


def test_an_address_is_throttled_across_accounts(app: Flask, world: World) -> None:
    app.config["SIGN_IN_ADDRESS_LIMIT"] = 4
    client = app.test_client()
    for name in ("a", "b", "c", "d"):
        assert _try(client, name, "wrong-password", "10.9.9.9").status_code == 401
    assert _try(client, "editor", PASSWORD, "10.9.9.9").status_code == 429
    assert _try(client, "editor", PASSWORD, "10.9.9.8").status_code == 302


def test_english_message(app: Flask, world: World) -> None:
    app.config["SIGN_IN_ACCOUNT_LIMIT"] = 1
    client = app.test_client()
    _try(client, "editor", "wrong-password")
    response = client.post(
        "/login?lang=en",
        data={"username": "editor", "password": PASSWORD},
        environ_base={"REMOTE_ADDR": "10.0.0.1"},
    )
    assert response.status_code == 429
    assert "Too many failed sign-ins. Try again in 15 minutes." in response.text


def test_a_good_sign_in_clears_only_its_own_address(app: Flask, world: World) -> None:
    app.config["SIGN_IN_ACCOUNT_LIMIT"] = 3
    client = app.test_client()
    _try(client, "editor", "wrong-password", "10.0.0.1")
    _try(client, "editor", "wrong-password", "10.0.0.2")
    assert _try(client, "editor", PASSWORD, "10.0.0.1").status_code == 302
    count = db.session.scalar(select(func.count()).select_from(SignInFailure))
    assert count == 1  # the failure from 10.0.0.2 still counts


def test_the_window_passes_and_old_failures_are_pruned(app: Flask, world: World) -> None:
    limits = ThrottleLimits(per_account=2, per_address=100, window=timedelta(minutes=15))
    start = utcnow()
    record_failure(db.session, "editor", "10.0.0.1", limits, start)
    db.session.commit()
    at_5 = start + timedelta(minutes=5)
    assert seconds_to_wait(db.session, "editor", "10.0.0.1", limits, at_5) == 0
    record_failure(db.session, "editor", "10.0.0.1", limits, at_5)
    db.session.commit()
    # After the second failure: wait until the first leaves the window (15 min after it).
    at_6 = start + timedelta(minutes=6)
    assert seconds_to_wait(db.session, "editor", "10.0.0.1", limits, at_6) == 9 * 60
    later = start + timedelta(minutes=15, seconds=1)
    assert seconds_to_wait(db.session, "editor", "10.0.0.1", limits, later) == 0
    # A later failure prunes rows older than the window.
    record_failure(db.session, "other", "10.0.0.2", limits, start + timedelta(minutes=30))
    db.session.commit()
    accounts = db.session.scalars(select(SignInFailure.account)).all()
    assert accounts == ["other"]


def test_failures_are_visible_to_another_process(app: Flask, world: World) -> None:
    """The count lives in the database: a second engine (another worker) sees it."""
    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session

    app.config["SIGN_IN_ACCOUNT_LIMIT"] = 2
    client = app.test_client()
    _try(client, "editor", "wrong-password")
    _try(client, "editor", "wrong-password")
    other = create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
    try:
        with Session(other) as session:
            limits = ThrottleLimits(per_account=2)
            assert seconds_to_wait(session, "editor", "10.0.0.5", limits) > 0
    finally:
        other.dispose()

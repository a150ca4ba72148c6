"""The sign-in throttle slows the guesser down and never keeps the right password out."""

from __future__ import annotations

import threading
import urllib.error
import urllib.parse
import urllib.request
from datetime import timedelta

from flask import Flask
from werkzeug.serving import make_server

from annotator.extensions import db
from annotator.models import utcnow
from annotator.services.throttling import (
    ThrottleKey,
    ThrottleLimits,
    claim_attempt,
    delay_after,
)
from tests.builders.users import PASSWORD
from tests.builders.world import World, sign_in_with_csrf

THROTTLED = "登录失败次数过多"


def _try(client, username: str, password: str, address: str = "10.0.0.1"):  # type: ignore[no-untyped-def]
    return client.post(
        "/login",
        data={"username": username, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def test_guesses_from_elsewhere_never_keep_the_right_password_out(app: Flask, world: World) -> None:
    app.config.update(SIGN_IN_ACCOUNT_LIMIT=3, SIGN_IN_FIRST_DELAY_SECONDS=60)
    attacker = app.test_client()
    answers = [_try(attacker, "admin", "guess", "10.6.6.6").status_code for _ in range(12)]
    assert answers == [401] * 3 + [429] * 9  # the guesser waits
    assert _try(app.test_client(), "admin", PASSWORD, "10.0.0.7").status_code == 302


def test_one_client_slows_down_progressively_and_is_told_how_long(app: Flask, world: World) -> None:
    app.config.update(SIGN_IN_ACCOUNT_LIMIT=2, SIGN_IN_FIRST_DELAY_SECONDS=60)
    client = app.test_client()
    assert _try(client, "editor", "wrong").status_code == 401
    assert _try(client, "editor", "wrong").status_code == 401
    blocked = _try(client, "editor", PASSWORD)
    assert blocked.status_code == 429
    assert THROTTLED in blocked.text
    assert 0 < int(blocked.headers["Retry-After"]) <= 60


def test_the_delay_doubles_up_to_its_ceiling_and_then_admits_one_attempt(
    app: Flask, world: World
) -> None:
    limits = ThrottleLimits(free_failures=2, max_delay=timedelta(seconds=60))
    assert [delay_after(n, limits).total_seconds() for n in range(1, 11)] == [
        0,
        1,
        2,
        4,
        8,
        16,
        32,
        60,
        60,
        60,
    ]
    key = ThrottleKey("editor", "address:10.0.0.1")
    start = utcnow()
    for i in range(4):
        assert claim_attempt(db.session, key, limits, start + timedelta(seconds=i * 10)) == 0
    db.session.commit()
    # 4 failures: the next attempt waits 4 s after the last one (at 30 s).
    at = start + timedelta(seconds=31)
    assert claim_attempt(db.session, key, limits, at) == 3
    assert claim_attempt(db.session, key, limits, start + timedelta(seconds=34)) == 0
    # Past the window, the count starts again.
    assert claim_attempt(db.session, key, limits, start + timedelta(minutes=40)) == 0
    assert claim_attempt(db.session, key, limits, start + timedelta(minutes=40)) == 0


def test_a_browser_that_signed_in_before_gets_in_from_a_noisy_address(
    app: Flask, world: World
) -> None:
    app.config.update(SIGN_IN_ACCOUNT_LIMIT=3, SIGN_IN_FIRST_DELAY_SECONDS=60)
    own = app.test_client()
    assert _try(own, "editor", PASSWORD, "10.1.1.1").status_code == 302
    assert own.post("/logout").status_code == 302
    # Someone behind the same newsroom address guesses the editor's password.
    attacker = app.test_client()
    for _ in range(10):
        _try(attacker, "editor", "guess", "10.1.1.1")
    assert _try(attacker, "editor", PASSWORD, "10.1.1.1").status_code == 429
    # The editor's own browser carries its device cookie and is counted apart.
    assert _try(own, "editor", PASSWORD, "10.1.1.1").status_code == 302


def test_the_address_limit_counts_unknown_names_only(app: Flask, world: World) -> None:
    app.config.update(SIGN_IN_ADDRESS_LIMIT=4, SIGN_IN_FIRST_DELAY_SECONDS=60)
    client = app.test_client()
    for name in ("a", "b", "c", "d"):
        assert _try(client, name, "wrong-password", "10.9.9.9").status_code == 401
    assert _try(client, "e", "wrong-password", "10.9.9.9").status_code == 429
    # A real account from the same address is not held up by the names others tried.
    assert _try(client, "editor", "wrong-password", "10.9.9.9").status_code == 401
    assert _try(client, "editor", PASSWORD, "10.9.9.9").status_code == 302


def test_english_message(app: Flask, world: World) -> None:
    app.config.update(SIGN_IN_ACCOUNT_LIMIT=1, SIGN_IN_FIRST_DELAY_SECONDS=5)
    client = app.test_client()
    _try(client, "editor", "wrong-password")
    response = client.post(
        "/login?lang=en",
        data={"username": "editor", "password": PASSWORD},
        environ_base={"REMOTE_ADDR": "10.0.0.1"},
    )
    assert response.status_code == 429
    assert "Too many failed sign-ins. Wait 5 seconds and try again." in response.text


def test_parallel_guesses_cannot_pass_the_limit(app: Flask, world: World) -> None:
    """20 guesses at once against a limit of 10: exactly 10 get their password checked."""
    app.config.update(SIGN_IN_ACCOUNT_LIMIT=10, SIGN_IN_FIRST_DELAY_SECONDS=60)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}/login"
    body = urllib.parse.urlencode({"username": "editor", "password": "guess"}).encode()
    start = threading.Barrier(20)
    codes: list[int] = []

    def guess() -> None:
        start.wait()
        try:
            with urllib.request.urlopen(url, body, timeout=60) as response:
                codes.append(response.status)
        except urllib.error.HTTPError as refused:
            codes.append(refused.code)

    try:
        guessers = [threading.Thread(target=guess) for _ in range(20)]
        for g in guessers:
            g.start()
        for g in guessers:
            g.join()
    finally:
        server.shutdown()
        thread.join(timeout=5)

    assert sorted(codes) == [401] * 10 + [429] * 10


def test_the_current_password_check_on_account_is_throttled(app: Flask, world: World) -> None:
    app.config.update(SIGN_IN_ACCOUNT_LIMIT=2, SIGN_IN_FIRST_DELAY_SECONDS=60)
    client = app.test_client()
    sign_in_with_csrf(client, "editor")

    def change(current: str):  # type: ignore[no-untyped-def]
        return client.post(
            "/account",
            data={"current": current, "new": "another-password", "confirm": "another-password"},
        )

    assert change("wrong-1").status_code == 400
    assert change("wrong-2").status_code == 400
    refused = change(PASSWORD)
    assert refused.status_code == 429
    assert THROTTLED in refused.text


def test_failures_are_visible_to_another_process(app: Flask, world: World) -> None:
    """The count lives in the database: a second engine (another worker) sees it."""
    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session

    app.config.update(SIGN_IN_ACCOUNT_LIMIT=2, SIGN_IN_FIRST_DELAY_SECONDS=60)
    client = app.test_client()
    for _ in range(2):
        _try(client, "editor", "wrong-password")
    other = create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
    try:
        with Session(other) as session:
            key = ThrottleKey("editor", "address:10.0.0.1")
            assert claim_attempt(session, key, ThrottleLimits(free_failures=2)) > 0
    finally:
        other.dispose()

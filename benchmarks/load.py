"""A small closed-loop HTTP load generator for loopback only: N clients, bounded time and count."""

from __future__ import annotations

import http.client
import json
import random
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing import get_context
from typing import Any
from urllib.parse import urlencode

LOOPBACK = ("127.0.0.1", "localhost", "::1")
_CSRF_INPUT = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
_CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


@dataclass
class Session:
    """A signed-in browser session: its cookie and the CSRF token write requests send."""

    host: str
    port: int
    cookie: str = ""
    csrf: str = ""

    def headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        return {"Cookie": self.cookie, "X-CSRFToken": self.csrf, **(extra or {})}


def _connect(host: str, port: int) -> http.client.HTTPConnection:
    if host not in LOOPBACK:
        raise ValueError(f"load is only ever sent to this machine, not {host}")
    return http.client.HTTPConnection(host, port, timeout=30)


def _keep_cookie(session: Session, response: http.client.HTTPResponse) -> None:
    for header, value in response.getheaders():
        if header.lower() == "set-cookie" and value.startswith("session="):
            session.cookie = value.split(";", 1)[0]


def sign_in(host: str, port: int, username: str, password: str) -> Session:
    """Sign in through the login form and read a CSRF token from a signed-in page."""
    session = Session(host, port)
    conn = _connect(host, port)
    conn.request("GET", "/login")
    response = conn.getresponse()
    page = response.read().decode("utf-8")
    _keep_cookie(session, response)
    token = _CSRF_INPUT.search(page)
    csrf = token.group(1) if token else ""
    form = {"username": username, "password": password, "csrf_token": csrf}
    conn.request(
        "POST",
        "/login",
        body=urlencode(form),
        headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": session.cookie},
    )
    response = conn.getresponse()
    response.read()
    _keep_cookie(session, response)
    if response.status != 302:
        raise RuntimeError(f"sign-in as {username} failed: HTTP {response.status}")
    conn.request("GET", "/login", headers={"Cookie": session.cookie})
    response = conn.getresponse()
    page = response.read().decode("utf-8")
    _keep_cookie(session, response)
    meta = _CSRF_META.search(page)
    session.csrf = meta.group(1) if meta else ""
    conn.close()
    return session


def get_body(session: Session, path: str) -> tuple[int, bytes]:
    """One GET, its status and body as sent (a page's weight is its length)."""
    conn = _connect(session.host, session.port)
    conn.request("GET", path, headers=session.headers())
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, body


def get_json(session: Session, path: str) -> tuple[int, Any]:
    """One GET, its status and parsed JSON body (None if not JSON)."""
    status, body = get_body(session, path)
    try:
        return status, json.loads(body)
    except ValueError:
        return status, None


# A request maker: given the client number and its request count so far, what to send.
Request = tuple[str, str, bytes | None, dict[str, str]]
Maker = Callable[[int, int, "ClientState"], Request]


@dataclass
class ClientState:
    """What one client remembers between its requests (e.g. versions it last saw)."""

    versions: dict[int, int | None] = field(default_factory=dict)
    last: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class LoadResult:
    """Latencies in milliseconds of the requests that answered 2xx, and what failed."""

    latencies_ms: list[float]
    failures: dict[str, int]
    seconds: float

    def summary(self) -> dict[str, Any]:
        ordered = sorted(self.latencies_ms)
        count = len(ordered)

        def pct(p: float) -> float | None:
            return round(ordered[min(count - 1, int(p * count))], 2) if count else None

        return {
            "requests": count + sum(self.failures.values()),
            "ok": count,
            "failed": sum(self.failures.values()),
            "failures": self.failures,
            "p50_ms": pct(0.50),
            "p95_ms": pct(0.95),
            "p99_ms": pct(0.99),
            "rps": round(count / self.seconds, 1) if self.seconds else None,
        }


def _client(
    number: int,
    session: Session,
    maker: Maker,
    deadline: float,
    limit: int,
    on_response: Callable[[int, ClientState, int, bytes], None] | None,
    latencies: list[float],
    failures: dict[str, int],
    lock: threading.Lock,
    think: tuple[float, float] | None,
) -> None:
    state = ClientState()
    pause = random.Random(number)
    conn = _connect(session.host, session.port)
    done = 0
    own: list[float] = []
    while done < limit and time.perf_counter() < deadline:
        method, path, body, headers = maker(number, done, state)
        started = time.perf_counter()
        try:
            conn.request(method, path, body=body, headers=session.headers(headers))
            response = conn.getresponse()
            payload = response.read()
        except (OSError, http.client.HTTPException) as exc:
            with lock:
                failures[type(exc).__name__] = failures.get(type(exc).__name__, 0) + 1
            conn.close()
            conn = _connect(session.host, session.port)
            done += 1
            continue
        elapsed = (time.perf_counter() - started) * 1000
        done += 1
        if 200 <= response.status < 300:
            own.append(elapsed)
        else:
            key = f"HTTP {response.status}"
            with lock:
                failures[key] = failures.get(key, 0) + 1
        if on_response is not None:
            on_response(number, state, response.status, payload)
        if think is not None:
            time.sleep(pause.uniform(*think))
    conn.close()
    with lock:
        latencies.extend(own)


def _process(args: tuple[Any, ...]) -> tuple[list[float], dict[str, int]]:
    numbers, session, maker, seconds, limit, on_response, think = args
    latencies: list[float] = []
    failures: dict[str, int] = {}
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds
    threads = [
        threading.Thread(
            target=_client,
            args=(
                n,
                session,
                maker,
                deadline,
                limit,
                on_response,
                latencies,
                failures,
                lock,
                think,
            ),
        )
        for n in numbers
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, failures


def run_load(
    session: Session,
    maker: Maker,
    clients: int,
    seconds: float,
    limit_per_client: int,
    on_response: Callable[[int, ClientState, int, bytes], None] | None = None,
    think: tuple[float, float] | None = None,
) -> LoadResult:
    """`clients` keep-alive connections, each sending its next request as soon as one returns.

    Stops after `seconds` or `limit_per_client` requests per client.  With `think`, each
    client pauses a uniform random time in that range between requests, as editors do.
    Clients run as threads in up to four processes (eight per process) so the generator's
    own GIL does not add queueing to the latencies it measures.
    """
    processes = max(1, min(4, (clients + 7) // 8))
    groups = [list(range(p, clients, processes)) for p in range(processes)]
    started = time.perf_counter()
    if processes == 1:
        results = [
            _process((groups[0], session, maker, seconds, limit_per_client, on_response, think))
        ]
    else:
        with get_context("fork").Pool(processes) as pool:
            jobs = [
                (g, session, maker, seconds, limit_per_client, on_response, think) for g in groups
            ]
            results = pool.map(_process, jobs)
    elapsed = time.perf_counter() - started
    latencies: list[float] = []
    failures: dict[str, int] = {}
    for own, failed in results:
        latencies.extend(own)
        for key, count in failed.items():
            failures[key] = failures.get(key, 0) + count
    return LoadResult(latencies, failures, elapsed)

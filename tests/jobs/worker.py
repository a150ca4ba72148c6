"""A real `annotator worker` process for tests, pointed at the test's database and queue."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask

from tests.conftest import ROOT

REDIS_URL = os.environ.get("ANNOTATOR_TEST_REDIS", "redis://127.0.0.1:6379/15")


class Worker:
    """Start, kill and restart the job worker the way a server would."""

    def __init__(self, app: Flask, log: Path) -> None:
        self.app = app
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    def env(self) -> dict[str, str]:
        config = self.app.config
        env = {k: v for k, v in os.environ.items() if not k.startswith("ANNOTATOR_")}
        env.update(
            PYTHONPATH=str(ROOT),
            DATABASE_URL=config["DATABASE_URL"],
            ANNOTATOR_INSTANCE=self.app.instance_path,
            SECRET_KEY=config["SECRET_KEY"],
            ANNOTATOR_JOBS_QUEUE=config["JOBS_QUEUE"],
            ANNOTATOR_JOBS_QUEUE_NAME=config["JOBS_QUEUE_NAME"],
            ANNOTATOR_JOBS_MAX_ATTEMPTS=str(config["JOBS_MAX_ATTEMPTS"]),
        )
        return env

    def start(self) -> Worker:
        out = self.log.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "annotator", "worker"], env=self.env(), stdout=out, stderr=out
        )
        out.close()
        return self

    def kill(self) -> None:
        """SIGKILL: the worker gets no chance to tidy up, as in a crash or an OOM kill."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)


def queue_config(app: Flask, backend: str) -> None:
    """SQLite: the default queue file; PostgreSQL: the team set-up, a queue on Redis."""
    if backend == "postgresql":
        app.config["JOBS_QUEUE"] = REDIS_URL
        app.config["JOBS_QUEUE_NAME"] = f"annotator-test-{uuid.uuid4().hex[:12]}"
        app.extensions.pop("annotator_jobs", None)
        _need_redis()


def _need_redis() -> None:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"needs Redis at {REDIS_URL} (.ci/run starts it)")


@pytest.fixture
def workers(app: Flask, backend: str, tmp_path: Path) -> Iterator[Callable[[], Worker]]:
    """Start job workers for this test's app; all are stopped at the end."""
    queue_config(app, backend)
    started: list[Worker] = []

    def start() -> Worker:
        worker = Worker(app, tmp_path / "worker.log").start()
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()
    if backend == "postgresql":
        from annotator.jobs.queue import job_queue

        job_queue(app).huey.storage.flush_all()


def wait_for(check: Callable[[], bool], seconds: float = 120, what: str = "") -> None:
    """Poll until `check()` holds, or fail naming what was awaited."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what or check}")

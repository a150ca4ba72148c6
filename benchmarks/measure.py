"""Shared measuring tools: wall and CPU time, peak RSS of a process tree, child steps, databases."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).resolve().parent / "results"
DEFAULT_PG = "postgresql://root@127.0.0.1:5432/test"


@dataclass
class Clock:
    """Wall and CPU seconds of a block, filled in when the block ends."""

    wall: float = 0.0
    cpu: float = 0.0


@contextmanager
def clock() -> Iterator[Clock]:
    """Time a block: wall seconds and this process's CPU seconds."""
    result = Clock()
    wall, cpu = time.perf_counter(), time.process_time()
    yield result
    result.wall = time.perf_counter() - wall
    result.cpu = time.process_time() - cpu


def own_peak_rss_mb() -> float:
    """This process's peak resident set size so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mb(pid: int) -> float:
    """Current resident set size of one process in MB (0 once it is gone)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except (FileNotFoundError, ProcessLookupError):
        pass
    return 0.0


def pss_mb(pid: int) -> float:
    """Proportional set size of one process in MB: pages shared with others (a forked
    worker's inherited memory) counted in shares, so a tree's sum is its real footprint."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) / 1024
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        pass
    return 0.0


def descendants(pid: int) -> list[int]:
    """The process and every process below it, from /proc's children lists."""
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children", encoding="ascii") as fh:
                    queue.extend(int(c) for c in fh.read().split())
        except (FileNotFoundError, ProcessLookupError):
            continue
    return found


@dataclass
class TreeSampler:
    """Sample the summed RSS of a process tree every `interval` seconds in a thread."""

    pid: int
    interval: float = 0.02
    peak_mb: float = 0.0
    peak_pss_mb: float = 0.0
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def __enter__(self) -> TreeSampler:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            tree = descendants(self.pid)
            self.peak_mb = max(self.peak_mb, sum(rss_mb(p) for p in tree))
            self.peak_pss_mb = max(self.peak_pss_mb, sum(pss_mb(p) for p in tree))
            self._stop.wait(self.interval)


@dataclass(frozen=True)
class Finished:
    """A child command's wall and CPU seconds, peak RSS of its tree, and its output."""

    wall: float
    cpu: float
    peak_rss_mb: float
    stdout: str
    returncode: int
    stderr: str = ""
    peak_pss_mb: float = 0.0


def run_measured(
    args: Sequence[str],
    env: dict[str, str] | None = None,
    timeout: float = 900,
    stdin: str | None = None,
) -> Finished:
    """Run a command, timing it and sampling its process tree's RSS until it exits."""
    started, cpu_before = time.perf_counter(), children_cpu()
    proc = subprocess.Popen(
        list(args),
        stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
        cwd=ROOT,
    )
    with TreeSampler(proc.pid) as sampler:
        stdout, stderr = proc.communicate(stdin, timeout=timeout)
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        sys.stderr.write(stderr[-4000:])
    cpu = children_cpu() - cpu_before
    return Finished(
        wall, cpu, sampler.peak_mb, stdout, proc.returncode, stderr, sampler.peak_pss_mb
    )


def children_cpu() -> float:
    """CPU seconds of every child waited for so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_step(module: str, *args: str, env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run `python -m module args` in a fresh process and read the JSON it prints last."""
    finished = run_measured([sys.executable, "-m", module, *args], env=env)
    if finished.returncode != 0:
        raise RuntimeError(f"{module} {' '.join(args)} failed ({finished.returncode})")
    result: dict[str, Any] = json.loads(finished.stdout.strip().splitlines()[-1])
    result.setdefault("tree_peak_rss_mb", round(finished.peak_rss_mb, 1))
    result.setdefault("tree_peak_pss_mb", round(finished.peak_pss_mb, 1))
    result.setdefault("process_wall_s", round(finished.wall, 3))
    result.setdefault("process_cpu_s", round(finished.cpu, 3))
    return result


def emit(result: dict[str, Any]) -> None:
    """Print a child step's result as the one JSON line its parent reads."""
    result.setdefault("peak_rss_mb", round(own_peak_rss_mb(), 1))
    print(json.dumps(result, ensure_ascii=False))


@contextmanager
def postgres_database(admin_url: str) -> Iterator[str]:
    """A throw-away PostgreSQL database on the server of `admin_url`, dropped afterwards."""
    import psycopg

    name = f"annotator_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(_libpq(admin_url), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield admin_url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with psycopg.connect(_libpq(admin_url), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _libpq(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def postgres_available(admin_url: str) -> bool:
    """Whether a PostgreSQL server answers at `admin_url`."""
    try:
        import psycopg

        with psycopg.connect(_libpq(admin_url), connect_timeout=3):
            return True
    except Exception:
        return False


@contextmanager
def database_url(backend: str, work: Path, pg_admin: str, name: str) -> Iterator[str | None]:
    """A fresh database for one backend: a SQLite file in `work`, a throw-away PostgreSQL
    database on `pg_admin`'s server, or None when that server does not answer."""
    if backend == "sqlite":
        yield f"sqlite:///{work / (name + '.sqlite3')}"
    elif postgres_available(pg_admin):
        with postgres_database(pg_admin) as url:
            yield url
    else:
        yield None


def skipped(pg_admin: str) -> dict[str, str]:
    """The result recorded for a backend that could not be measured."""
    return {"skipped": f"no PostgreSQL at {pg_admin}"}


def save_result(name: str, data: dict[str, Any], folder: Path = RESULTS) -> Path:
    """Write one benchmark's results as JSON for the README generator."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def load_average() -> str:
    """The 1/5/15-minute load averages: other work on the machine shows up here."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg())

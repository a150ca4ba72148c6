"""`annotator serve` in the background for the serving benchmark: start, memory, CPU, stop."""

from __future__ import annotations

import os
import socket
import subprocess
import time
from pathlib import Path
from typing import Any

from benchmarks.corpus_db import ANNOTATOR, app_env
from benchmarks.measure import ROOT, descendants, pss_mb, rss_mb


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """`annotator serve` in the background, with its cold start time."""

    def __init__(
        self,
        url: str,
        instance: Path,
        preload: bool,
        workers: int | None,
        threads: int | None = None,
    ) -> None:
        self.port = free_port()
        args = [
            *ANNOTATOR,
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--preload" if preload else "--no-preload",
        ]
        if workers:
            args += ["--workers", str(workers)]
        if threads:
            args += ["--threads", str(threads)]
        started = time.perf_counter()
        self.proc = subprocess.Popen(
            args,
            cwd=ROOT,
            env={**os.environ, **app_env(url, instance)},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.cold_start_s = self._wait_ready(started)

    def _wait_ready(self, started: float, timeout: float = 60) -> float:
        while time.perf_counter() - started < timeout:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                    sock.sendall(b"GET /healthz HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
                    if b" 200 " in sock.recv(64).split(b"\r\n", 1)[0] + b" ":
                        return time.perf_counter() - started
            except OSError:
                time.sleep(0.01)
        raise RuntimeError("annotator serve did not answer within a minute")

    def workers(self) -> list[int]:
        return [p for p in descendants(self.proc.pid) if p != self.proc.pid]

    def memory(self) -> dict[str, Any]:
        workers = self.workers()
        return {
            "workers": len(workers),
            "master_rss_mb": round(rss_mb(self.proc.pid), 1),
            "worker_rss_mb": [round(rss_mb(p), 1) for p in workers],
            "worker_pss_mb": [round(pss_mb(p), 1) for p in workers],
        }

    def cpu_seconds(self) -> float:
        """User + system CPU the server's processes have used so far (robust under load)."""
        total = 0
        for pid in descendants(self.proc.pid):
            try:
                with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])  # utime, stime
            except (FileNotFoundError, ProcessLookupError, IndexError):
                continue
        return total / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()

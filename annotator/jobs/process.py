"""The job worker as a child of `annotator serve`: started with it, restarted if it dies."""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator

RESTART_PAUSE_SECONDS = 2.0


def _die_with_parent() -> None:
    """Linux: the worker gets SIGTERM when `annotator serve` goes, however it goes."""
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class WorkerProcess:
    """`annotator worker` in a child process, kept running until `stop`."""

    def __init__(self, command: list[str] | None = None) -> None:
        self.command = command or [sys.executable, "-m", "annotator", "worker"]
        self.process: subprocess.Popen[bytes] | None = None
        self._stopping = threading.Event()
        self._watch = threading.Thread(target=self._keep_running, daemon=True)

    def start(self) -> WorkerProcess:
        """Start the worker and a thread that restarts it when it exits."""
        self._spawn()
        self._watch.start()
        return self

    def _spawn(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603  (our own interpreter and module)
            self.command, preexec_fn=_die_with_parent, env=os.environ.copy()
        )

    def _keep_running(self) -> None:
        while not self._stopping.wait(RESTART_PAUSE_SECONDS):
            if self.process is not None and self.process.poll() is not None:
                print(  # noqa: T201
                    f"job worker exited ({self.process.returncode}); starting it again",
                    file=sys.stderr,
                )
                self._spawn()  # its start-up hands the interrupted job back to the queue

    def stop(self) -> None:
        """Stop the worker: SIGINT lets a running job finish for a few seconds, then SIGTERM."""
        self._stopping.set()
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.terminate()
            self.process.wait(timeout=10)


@contextlib.contextmanager
def job_worker_beside(start: bool) -> Iterator[WorkerProcess | None]:
    """Run a job worker for as long as the block (the server) runs, if `start`."""
    worker = WorkerProcess().start() if start else None
    try:
        yield worker
    finally:
        if worker is not None:
            worker.stop()

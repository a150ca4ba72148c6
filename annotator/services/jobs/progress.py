"""How far a job is: items done of total, the rate so far and the time left at that rate."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from annotator.models import Job, utcnow

# Below this a rate says more about the clock than about the job.
MIN_SECONDS_FOR_RATE = 0.5


@dataclass(frozen=True)
class JobProgress:
    """What a progress bar shows; rate and time left are None until they can be estimated."""

    done: int
    total: int | None
    percent: float | None
    rate: float | None  # items per second since the job (re)started
    seconds_left: float | None


def job_progress(job: Job, now: datetime | None = None) -> JobProgress:
    """The progress of one job, estimated from its start time and count so far."""
    now = now or utcnow()
    total = job.total
    done = min(job.done, total) if total is not None else job.done
    if job.status == "succeeded" and total is not None:
        done = total
    percent = round(100.0 * done / total, 1) if total else None
    rate = seconds_left = None
    if job.started_at is not None and done > 0:
        end = job.finished_at or now
        elapsed = (end - job.started_at).total_seconds()
        if elapsed >= MIN_SECONDS_FOR_RATE:
            rate = done / elapsed
            if total is not None and not job.finished:
                seconds_left = max(0.0, (total - done) / rate)
    return JobProgress(done, total, percent, rate, seconds_left)

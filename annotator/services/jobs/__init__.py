"""Background jobs as rows: create, report, cancel, list and recover (add/flush, no commit)."""

from annotator.services.jobs.progress import JobProgress, job_progress
from annotator.services.jobs.records import (
    JobCancelled,
    create_job,
    job_payload,
    recent_jobs,
    request_cancel,
    visible_job,
)
from annotator.services.jobs.recovery import Recovered, recover_interrupted

__all__ = [
    "JobCancelled",
    "JobProgress",
    "Recovered",
    "create_job",
    "job_payload",
    "job_progress",
    "recent_jobs",
    "recover_interrupted",
    "request_cancel",
    "visible_job",
]

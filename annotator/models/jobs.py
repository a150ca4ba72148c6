"""Background jobs: what was asked, how far it got, how it ended (read by page and list)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from annotator.models.base import Base, utcnow

JOB_KINDS = ("import", "reindex", "train", "export")
JOB_STATUSES = ("queued", "running", "succeeded", "failed", "cancelled")
FINISHED = ("succeeded", "failed", "cancelled")


class Job(Base):
    """One piece of long work run by the job worker, with its progress and outcome.

    The queue library only carries the job's id; this row is the one place the progress
    bar, the admin list and the worker's restart recovery read.
    """

    __tablename__ = "jobs"
    __table_args__ = (
        CheckConstraint("kind IN ('import', 'reindex', 'train', 'export')", name="kind_known"),
        CheckConstraint(
            "status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')",
            name="status_known",
        ),
        CheckConstraint("done >= 0", name="done_not_negative"),
        CheckConstraint("total IS NULL OR total >= 0", name="total_not_negative"),
        CheckConstraint("attempts >= 0", name="attempts_not_negative"),
        Index("ix_jobs_status_created_at", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="queued")
    title: Mapped[str] = mapped_column(String(200), default="")
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    stage: Mapped[str] = mapped_column(String(32), default="")
    done: Mapped[int] = mapped_column(default=0)
    total: Mapped[int | None]
    cancel_requested: Mapped[bool] = mapped_column(default=False)
    attempts: Mapped[int] = mapped_column(default=0)
    worker: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    started_at: Mapped[datetime | None]
    heartbeat_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    error: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)

    @property
    def finished(self) -> bool:
        """Whether the job has ended, one way or another."""
        return self.status in FINISHED

"""Fixtures for background jobs: users, a signed-in client, running a queued job in-process."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from annotator.extensions import db
from annotator.jobs.runner import run_job
from annotator.models import Article, Job
from annotator.services.users import create_user

PASSWORD = "correct-horse-battery"


@pytest.fixture
def people(app):  # type: ignore[no-untyped-def]
    """One user per role, plus a second editor."""
    for name, role in (("ed", "editor"), ("ed2", "editor"), ("rev", "reviewer"), ("boss", "admin")):
        create_user(db.session, name, PASSWORD, role=role)
    db.session.commit()
    return app


def login(client, name: str) -> None:  # type: ignore[no-untyped-def]
    response = client.post("/login", data={"username": name, "password": PASSWORD})
    assert response.status_code == 302


def articles() -> int:
    """Articles stored, read on a fresh transaction."""
    db.session.rollback()
    return db.session.scalar(select(func.count(Article.id))) or 0


def job(job_id: int) -> Job:
    """The job row as stored now."""
    db.session.rollback()
    found = db.session.get(Job, job_id)
    assert found is not None
    db.session.refresh(found)
    return found


def run_queued(app) -> list[str | None]:  # type: ignore[no-untyped-def]
    """Run every queued job in this process, as the worker would, oldest first."""
    db.session.rollback()
    ids = db.session.scalars(select(Job.id).where(Job.status == "queued").order_by(Job.id)).all()
    db.session.commit()
    return [run_job(app, job_id) for job_id in ids]

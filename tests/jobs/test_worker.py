"""The real worker process: progress while it runs, cancel, and a worker killed mid-job.

SQLite runs with the default queue (a SQLite file in the instance folder); PostgreSQL runs
with the team set-up's queue on Redis.
"""

from __future__ import annotations

import pytest

from annotator.extensions import db
from annotator.jobs.work import upload_path
from annotator.services.jobs.recovery import GAVE_UP, RESUMED
from tests.jobs.builders import big_jsonl, multipart
from tests.jobs.conftest import articles, job, login
from tests.jobs.worker import wait_for, workers  # noqa: F401  (fixture)

pytestmark = pytest.mark.slow
ARTICLES = 1500


def start_import(client, data: bytes) -> int:  # type: ignore[no-untyped-def]
    body, content_type = multipart("file", "corpus.jsonl", data)
    response = client.post("/api/jobs/import", data=body, content_type=content_type)
    assert response.status_code == 202, response.get_json()
    db.session.rollback()  # end the request's transaction, as the end of a request does
    return int(response.get_json()["id"])


def progress(client, job_id: int) -> dict:  # type: ignore[no-untyped-def,type-arg]
    payload = client.get(f"/api/jobs/{job_id}").get_json()
    db.session.rollback()
    return payload


def test_the_worker_reports_progress_and_finishes(people, client, workers):  # noqa: F811
    login(client, "boss")
    workers()
    data = big_jsonl(ARTICLES)
    kilobytes = len(data) // 1024  # an import's progress: kilobytes of the file prepared
    job_id = start_import(client, data)
    seen: list[int] = []

    def finished() -> bool:
        payload = progress(client, job_id)
        if 0 < payload["done"] < kilobytes:
            seen.append(payload["done"])
            assert payload["total"] == kilobytes and payload["status"] == "running"
        return bool(payload["finished"])

    wait_for(finished, what="the import job")
    assert len(set(seen)) >= 2, seen  # the bar moved while the job ran
    assert seen == sorted(seen)
    done = progress(client, job_id)
    assert done["status"] == "succeeded" and done["done"] == done["total"] == kilobytes
    assert articles() == ARTICLES


def test_a_running_job_is_cancelled_and_writes_nothing(people, client, workers):  # noqa: F811
    login(client, "boss")
    workers()
    job_id = start_import(client, big_jsonl(ARTICLES))
    wait_for(lambda: progress(client, job_id)["done"] > 0, what="the job to start")
    assert client.post(f"/api/jobs/{job_id}/cancel").status_code == 200
    db.session.rollback()
    wait_for(lambda: progress(client, job_id)["finished"], what="the job to stop")
    assert progress(client, job_id)["status"] == "cancelled"
    assert articles() == 0 and not upload_path(job_id).exists()


def test_a_job_whose_worker_is_killed_is_resumed_by_the_next(people, client, workers):  # noqa: F811
    login(client, "boss")
    first = workers()
    job_id = start_import(client, big_jsonl(ARTICLES))
    wait_for(lambda: progress(client, job_id)["done"] > 0, what="the job to start")
    first.kill()
    interrupted = job(job_id)
    # Not lost: still marked running by the dead worker, nothing half-written.
    assert interrupted.status == "running" and 0 < interrupted.done < ARTICLES
    assert articles() == 0
    workers()  # a restart: recovery queues the job again before taking work
    wait_for(lambda: progress(client, job_id)["finished"], what="the resumed job")
    resumed = job(job_id)
    assert resumed.status == "succeeded" and resumed.attempts == 2 and resumed.note == RESUMED
    assert articles() == ARTICLES
    assert RESUMED not in client.get(f"/jobs/{job_id}").get_data(as_text=True)  # shown in Chinese
    assert "从头重新开始" in client.get(f"/jobs/{job_id}").get_data(as_text=True)


def test_a_job_killed_past_its_attempts_fails_with_its_reason(people, client, workers, app):  # noqa: F811
    app.config["JOBS_MAX_ATTEMPTS"] = 1
    login(client, "boss")
    first = workers()
    job_id = start_import(client, big_jsonl(ARTICLES))
    wait_for(lambda: progress(client, job_id)["done"] > 0, what="the job to start")
    first.kill()
    workers()
    wait_for(lambda: progress(client, job_id)["finished"], seconds=60, what="the failure")
    failed = progress(client, job_id)
    assert failed["status"] == "failed" and failed["error"] == GAVE_UP
    assert articles() == 0 and not upload_path(job_id).exists()

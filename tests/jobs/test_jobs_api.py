"""Background jobs through the web and the API, run in-process: start, progress, outcome."""

from __future__ import annotations

import io
import threading
import time
import zipfile

import pytest
from sqlalchemy import select

from annotator.extensions import db
from annotator.jobs.work import export_path, upload_path
from annotator.models import Article, Job
from tests.jobs.builders import big_jsonl, multipart
from tests.jobs.conftest import articles, job, login, run_queued


def upload(client, data: bytes, name: str = "corpus.jsonl", url: str = "/import"):  # type: ignore[no-untyped-def]
    body, content_type = multipart("files" if url == "/import" else "file", name, data)
    return client.post(url, data=body, content_type=content_type)


def test_an_upload_over_one_megabyte_answers_at_once_with_a_job(people, client):
    login(client, "boss")
    data = big_jsonl(700)
    assert len(data) > 1024 * 1024
    response = upload(client, data)
    assert response.status_code == 302 and response.location.startswith("/jobs/")
    job_id = int(response.location.rsplit("/", 1)[1])
    assert articles() == 0  # nothing imported by the request itself
    queued = client.get(f"/api/jobs/{job_id}").get_json()
    assert queued["status"] == "queued" and queued["kind"] == "import"
    assert queued["title"] == "corpus.jsonl" and upload_path(job_id).read_bytes() == data
    page = client.get(response.location).get_data(as_text=True)
    assert "<progress" in page and "job-words" in page

    assert run_queued(people) == ["succeeded"]
    done = client.get(f"/api/jobs/{job_id}").get_json()
    kilobytes = len(data) // 1024  # an import's progress: kilobytes of the file prepared
    assert done["status"] == "succeeded" and done["done"] == done["total"] == kilobytes
    assert done["result"]["status"] == "imported" and len(done["result"]["article_ids"]) == 700
    assert done["rate"] > 0 and done["seconds_left"] is None
    assert articles() == 700 and not upload_path(job_id).exists()
    # The upload page lists the user's import jobs, so a reload still shows them.
    assert f'data-job-url="/api/jobs/{job_id}"' in client.get("/import").get_data(as_text=True)


def test_a_small_upload_is_still_imported_in_the_request(people, client):
    login(client, "boss")
    response = upload(client, big_jsonl(3))
    assert response.status_code == 200 and articles() == 3
    assert db.session.scalar(select(Job.id)) is None


def test_progress_is_reported_while_the_job_runs(people, client, monkeypatch):
    from annotator.jobs import recorder

    seen: list[tuple[int, int | None]] = []
    original = recorder.JobRecorder.report

    def spy(self, done, total=None, stage=None):  # type: ignore[no-untyped-def]
        original(self, done, total, stage)
        row = job(self.job_id)  # what the page reads, from another transaction
        seen.append((row.done, row.total))

    monkeypatch.setattr(recorder.JobRecorder, "report", spy)
    monkeypatch.setattr(recorder.JobRecorder.__init__, "__defaults__", (0.0,))
    login(client, "boss")
    data = big_jsonl(700)
    job_id = int(upload(client, data).location.rsplit("/", 1)[1])
    run_queued(people)
    middle = [(d, t) for d, t in seen if t and 0 < d < t]
    assert len(middle) > 3, seen[:5]
    assert all(t == len(data) // 1024 for _, t in middle)
    assert [d for d, _ in middle] == sorted(d for d, _ in middle)
    assert job(job_id).status == "succeeded"


def test_a_rejected_file_fails_the_job_with_its_reason_and_writes_nothing(people, client):
    login(client, "boss")
    job_id = int(upload(client, big_jsonl(700, broken_at=650)).location.rsplit("/", 1)[1])
    assert run_queued(people) == ["failed"]
    payload = client.get(f"/api/jobs/{job_id}").get_json()
    assert payload["error"].startswith("line 650:") and payload["result"]["status"] == "rejected"
    assert articles() == 0 and not upload_path(job_id).exists()
    assert "第 650 行" in client.get(f"/jobs/{job_id}").get_data(as_text=True)


def test_cancelling_a_running_import_rolls_it_back(people, client, app):
    login(client, "boss")
    job_id = int(upload(client, big_jsonl(1200)).location.rsplit("/", 1)[1])
    db.session.commit()
    outcome: list[str | None] = []

    def work() -> None:
        with app.app_context():
            outcome.extend(run_queued(app))

    worker = threading.Thread(target=work)
    worker.start()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and job(job_id).done == 0:
        time.sleep(0.05)
    assert job(job_id).status == "running"
    response = client.post(f"/api/jobs/{job_id}/cancel")
    assert response.status_code == 200 and response.get_json()["cancel_requested"]
    # The request's session outlives it here (the test keeps the app context): end its
    # SQLite write transaction as the end of a real request would.
    db.session.rollback()
    worker.join(timeout=120)
    assert outcome == ["cancelled"]
    cancelled = job(job_id)
    assert cancelled.status == "cancelled" and 0 < cancelled.done < 1200
    assert articles() == 0 and not upload_path(job_id).exists()
    assert client.post(f"/api/jobs/{job_id}/cancel").status_code == 409


def test_a_job_cancelled_before_it_ran_never_runs(people, client):
    login(client, "boss")
    job_id = int(upload(client, big_jsonl(700)).location.rsplit("/", 1)[1])
    response = client.post(f"/jobs/{job_id}/cancel")
    assert response.status_code == 302
    assert job(job_id).status == "cancelled" and not upload_path(job_id).exists()
    assert run_queued(people) == []
    assert articles() == 0


def test_reindex_and_training_run_as_jobs_from_the_dictionary_page(people, client):
    login(client, "boss")
    upload(client, big_jsonl(3))
    assert (
        client.post("/dictionary/words", data={"word": "公开发布", "freq": 5000}).status_code == 302
    )
    assert 'data-stale="3"' in client.get("/dictionary").get_data(as_text=True)
    response = client.post("/dictionary/reindex")
    assert response.status_code == 302 and response.location.startswith("/jobs/")
    reindex_id = int(response.location.rsplit("/", 1)[1])
    response = client.post("/dictionary/train")
    train_id = int(response.location.rsplit("/", 1)[1])
    assert run_queued(people) == ["succeeded", "succeeded"]
    reindexed = client.get(f"/api/jobs/{reindex_id}").get_json()
    assert reindexed["result"]["articles"] == 3 and reindexed["done"] == reindexed["total"] == 3
    assert 'data-stale="0"' in client.get("/dictionary").get_data(as_text=True)
    trained = client.get(f"/api/jobs/{train_id}").get_json()
    assert {s["status"] for s in trained["result"]["sets"]} == {"not enough labels"}
    assert trained["done"] == trained["total"]


def test_an_export_job_writes_the_file_and_its_card_into_a_zip(people, client):
    login(client, "boss")
    upload(client, big_jsonl(3))
    login(client, "rev")
    response = client.post(
        "/api/jobs/export", json={"format": "native", "include_boilerplate": True}
    )
    assert response.status_code == 202
    job_id = response.get_json()["id"]
    assert response.headers["Location"] == f"/api/jobs/{job_id}"
    assert run_queued(people) == ["succeeded"]
    payload = client.get(f"/api/jobs/{job_id}").get_json()
    passages = db.session.query(Article).count() and payload["result"]["passages"]
    assert passages > 0 and payload["done"] == payload["total"] == passages
    with client.get(f"/jobs/{job_id}/download") as download:
        assert download.status_code == 200 and download.mimetype == "application/zip"
        archive = download.data
    names = set(zipfile.ZipFile(io.BytesIO(archive)).namelist())
    data_file = payload["result"]["data_file"]
    assert {"README.md", "articles.jsonl", "passages.parquet", data_file} <= names
    card = zipfile.ZipFile(io.BytesIO(archive)).read("README.md").decode()
    assert "--card ." in card and str(export_path(job_id).parent) not in card


def test_export_job_options_are_checked(people, client):
    login(client, "rev")
    bad = client.post("/api/jobs/export", json={"format": "pdf"})
    assert bad.status_code == 400 and bad.get_json()["field"] == "format"
    assert client.post("/api/jobs/export", json={"colour": 1}).get_json()["field"] == "colour"
    bad = client.post("/api/jobs/export", json={"include_boilerplate": "yes"})
    assert bad.get_json()["field"] == "include_boilerplate"


def test_api_import_needs_a_known_file(people, client):
    login(client, "boss")
    assert client.post("/api/jobs/import").get_json()["field"] == "file"
    response = upload(client, b"x", name="notes.pdf", url="/api/jobs/import")
    assert response.status_code == 400 and "only" in response.get_json()["error"]
    response = upload(client, big_jsonl(2), url="/api/jobs/import")  # any size, through the API
    assert response.status_code == 202 and response.get_json()["status"] == "queued"


def test_who_may_see_and_cancel_which_job(people, client):
    login(client, "rev")
    job_id = client.post("/api/jobs/export", json={}).get_json()["id"]
    assert client.get("/api/jobs").status_code == 403
    assert client.get("/jobs").status_code == 403
    login(client, "ed")
    assert client.get(f"/api/jobs/{job_id}").status_code == 404
    assert client.post(f"/api/jobs/{job_id}/cancel").status_code == 404
    assert client.post("/api/jobs/export", json={}).status_code == 403
    assert client.post("/api/jobs/reindex").status_code == 403
    login(client, "boss")
    listed = client.get("/api/jobs").get_json()["jobs"]
    assert [j["id"] for j in listed] == [job_id]
    assert client.get("/api/jobs?kind=nope").status_code == 400
    page = client.get("/jobs").get_data(as_text=True)
    assert f'href="/jobs/{job_id}"' in page and "rev" in page


def test_a_queue_that_cannot_be_reached_fails_the_job_with_a_reason(people, client, app):
    app.config["JOBS_QUEUE"] = "redis://127.0.0.1:1/0"
    app.extensions.pop("annotator_jobs", None)
    login(client, "boss")
    response = client.post("/api/jobs/reindex")
    assert response.status_code == 502
    assert response.get_json()["status"] == "failed"
    assert "could not be reached" in response.get_json()["error"]


@pytest.mark.parametrize("language, text", [("zh", "后台任务"), ("en", "Background jobs")])
def test_the_admin_list_is_translated(people, client, language, text):
    login(client, "boss")
    client.post("/language", data={"lang": language, "next": "/jobs"})
    assert text in client.get("/jobs").get_data(as_text=True)

"""What each kind of job does: the same services the CLI commands call, with a progress callback.

Each kind is safe to run again from the start after a worker died mid-way: an import is one
transaction (rolled back whole), re-indexing commits per chunk and continues with what is
still stale, training replaces its predictions in one transaction, an export rewrites its files.
"""

from __future__ import annotations

import dataclasses
import shutil
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from annotator.export.writing import write_export
from annotator.extensions import db
from annotator.jobs.queue import jobs_folder
from annotator.models import Passage
from annotator.services.exporting import ExportOptions
from annotator.services.importing import ImportSource, import_files
from annotator.services.importing.store import ImportOptions
from annotator.services.search.reindex import reindex_stale
from annotator.services.suggestions import train_models
from annotator.services.tokenizer import get_tokenizer

MISSING_UPLOAD = "The uploaded file is no longer there; upload it again."
# report(done, total=None, stage=None): record progress; raises JobCancelled when asked to stop.
Report = Callable[..., None]


@dataclasses.dataclass(frozen=True)
class JobSpec:
    """A job as its work sees it."""

    id: int
    kind: str
    params: dict[str, Any]
    user_id: int | None
    attempt: int


class JobFailed(Exception):
    """The work ended without doing what was asked (e.g. a rejected file); nothing was written."""

    def __init__(self, message: str, result: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.result = result


def upload_path(job_id: int) -> Path:
    """Where an import job's file waits (named by the job, never by the uploader)."""
    return jobs_folder() / f"upload-{job_id}"


def export_path(job_id: int) -> Path:
    """The finished export job's archive."""
    return jobs_folder() / f"export-{job_id}.zip"


def run_import(spec: JobSpec, report: Report) -> dict[str, Any]:
    """Import the uploaded file in one transaction, through the import every entry uses.

    Progress is the file's kilobytes read and stored (a large file is streamed); a cancel
    raised from the report rolls the file back, so a stopped import writes nothing.
    """
    path = upload_path(spec.id)
    if not path.is_file():
        raise JobFailed(MISSING_UPLOAD)
    name = spec.params["name"]
    options = ImportOptions(**spec.params["options"])
    report(0, None, stage="reading")

    def progress(done: int, total: int) -> None:
        stage = "storing" if done >= total else "segmenting"
        report(done // 1024, max(total // 1024, 1), stage=stage)

    (result,) = import_files(
        db.session,
        [ImportSource(name, path=path)],
        options,
        commit=db.session.commit,
        rollback=db.session.rollback,
        on_progress=progress,
        workers=0,  # the worker's own thread: no process pool inside a job
    )
    if result.status == "rejected":
        raise JobFailed(result.reason or "rejected", result.as_dict())
    return result.as_dict()


def run_reindex(spec: JobSpec, report: Report) -> dict[str, Any]:
    """Re-index the articles the dictionary change made stale, a committed chunk at a time."""
    report(0, None, stage="reindexing")
    articles, passages = reindex_stale(
        db.session,
        get_tokenizer(db.session),
        commit=db.session.commit,
        progress=lambda done, total: report(done, total),
    )
    return {"articles": articles, "passages": passages}


def run_train(spec: JobSpec, report: Report) -> dict[str, Any]:
    """Train the suggester and store its predictions (one transaction)."""
    report(0, None, stage="training")
    trained = train_models(
        db.session,
        force=bool(spec.params.get("force")),
        actor_id=spec.user_id,
        progress=lambda done, total: report(done, total),
    )
    db.session.commit()
    return {"sets": [dataclasses.asdict(s) for s in trained.sets]}


def run_export(spec: JobSpec, report: Report) -> dict[str, Any]:
    """Write the export and its dataset card into a folder, then one zip to download."""
    options = ExportOptions(**spec.params["options"])
    kinds = None if options.include_boilerplate else "body"
    count = select(func.count(Passage.id))
    total = db.session.scalar(count if kinds is None else count.where(Passage.kind == kinds)) or 0
    folder = jobs_folder() / f"export-{spec.id}"
    shutil.rmtree(folder, ignore_errors=True)  # a run the worker's restart cut short
    report(0, total, stage="exporting")
    data_name = options.filename(datetime.now(UTC).date())
    written = write_export(
        options,
        folder / data_name,
        folder,
        output=data_name,
        card_label=".",
        progress=lambda done: report(min(done, total), total),
    )
    report(written.passages, written.passages, stage="packing")
    archive = export_path(spec.id)
    partial = archive.with_name(archive.name + ".part")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as zf:
        for file in sorted(folder.iterdir()):
            zf.write(file, file.name)
    partial.replace(archive)
    shutil.rmtree(folder, ignore_errors=True)
    return {
        "passages": written.passages,
        "file": archive.name,
        "bytes": archive.stat().st_size,
        "data_file": data_name,
    }


WORK: dict[str, Callable[[JobSpec, Report], dict[str, Any]]] = {
    "import": run_import,
    "reindex": run_reindex,
    "train": run_train,
    "export": run_export,
}


def discard_files(job_id: int, kind: str, *, keep_result: bool) -> None:
    """Remove a job's upload, and its partial export unless it is the finished result."""
    if kind == "import":
        upload_path(job_id).unlink(missing_ok=True)
    if kind == "export":
        shutil.rmtree(jobs_folder() / f"export-{job_id}", ignore_errors=True)
        export_path(job_id).with_suffix(".zip.part").unlink(missing_ok=True)
        if not keep_result:
            export_path(job_id).unlink(missing_ok=True)

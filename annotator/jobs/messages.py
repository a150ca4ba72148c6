"""The words a job's page shows: kinds, statuses, stages and the stored messages, translated."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from annotator.jobs.starting import QUEUE_DOWN
from annotator.jobs.work import MISSING_UPLOAD
from annotator.services.jobs.recovery import CANCELLED_WHILE_STOPPED, GAVE_UP, RESUMED

KINDS = {
    "import": _l("Import"),
    "reindex": _l("Re-index search"),
    "train": _l("Train the suggester"),
    "export": _l("Export with dataset card"),
}
STATUSES = {
    "queued": _l("waiting"),
    "running": _l("running"),
    "succeeded": _l("finished"),
    "failed": _l("failed"),
    "cancelled": _l("cancelled"),
}
STAGES = {
    "reading": _l("reading the file"),
    "segmenting": _l("segmenting articles"),
    "storing": _l("saving to the database"),
    "reindexing": _l("re-indexing articles"),
    "training": _l("training and predicting"),
    "exporting": _l("writing passages"),
    "packing": _l("packing the files"),
}
MESSAGES = {
    RESUMED: _l(
        "The worker stopped while running this job; it was started again from the beginning."
    ),
    GAVE_UP: _l("The worker stopped while running this job, each time it was started."),
    CANCELLED_WHILE_STOPPED: _l("Cancelled; the worker stopped before it could."),
    QUEUE_DOWN: _l("The job queue could not be reached; try again, or ask an admin to check it."),
    MISSING_UPLOAD: _l("The uploaded file is no longer there; upload it again."),
}


def job_message(text: str | None) -> str:
    """A stored message in the reader's language (others, e.g. an import's reason, as is)."""
    if not text:
        return ""
    found = MESSAGES.get(text)
    return str(found) if found is not None else text


UNITS = {
    "import": _l("KB"),
    "reindex": _l("articles"),
    "train": _l("passages"),
    "export": _l("passages"),
}


def phrases() -> dict[str, str]:
    """The progress line's templates, filled by the page and by jobs.js alike."""
    return {
        "count": str(
            _l("%(done)s of %(total)s %(unit)s", done="{done}", total="{total}", unit="{unit}")
        ),
        "count_open": str(_l("%(done)s %(unit)s so far", done="{done}", unit="{unit}")),
        "rate": str(_l("%(rate)s per second", rate="{rate}")),
        "left": str(_l("about %(time)s left", time="{time}")),
        "minutes": str(_l("%(m)s min %(s)s s", m="{m}", s="{s}")),
        "seconds": str(_l("%(s)s s", s="{s}")),
    }


def duration(seconds: float, words: dict[str, str]) -> str:
    """A short duration: 42 s, 3 min 5 s."""
    whole = int(round(seconds))
    if whole < 60:
        return words["seconds"].replace("{s}", str(whole))
    return words["minutes"].replace("{m}", str(whole // 60)).replace("{s}", str(whole % 60))


def progress_line(
    kind: str, done: int, total: int | None, rate: float | None, seconds_left: float | None
) -> list[str]:
    """The parts of the line under a progress bar: count, rate, time left."""
    words = phrases()
    unit = str(UNITS.get(kind, ""))
    if total is None:
        parts = [words["count_open"].replace("{done}", str(done)).replace("{unit}", unit)]
    else:
        parts = [
            words["count"]
            .replace("{done}", str(done))
            .replace("{total}", str(total))
            .replace("{unit}", unit)
        ]
    if rate is not None:
        shown = f"{rate:.1f}" if rate < 10 else f"{rate:.0f}"
        parts.append(words["rate"].replace("{rate}", shown))
    if seconds_left is not None:
        parts.append(words["left"].replace("{time}", duration(seconds_left, words)))
    return parts


def script_words() -> dict[str, object]:
    """Everything jobs.js writes on the page, in the reader's language."""
    return {
        "phrases": phrases(),
        "statuses": {k: str(v) for k, v in STATUSES.items()},
        "stages": {k: str(v) for k, v in STAGES.items()},
    }

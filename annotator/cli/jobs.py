"""`annotator worker`: run the background jobs the web pages and the API queue."""

from __future__ import annotations

import logging

import click
from flask import current_app
from flask.cli import with_appcontext

from annotator.jobs.queue import job_queue
from annotator.jobs.runner import recover, serve_jobs_from


@click.command("worker")
@click.option(
    "--threads",
    default=1,
    show_default=True,
    type=click.IntRange(1, 16),
    help="Jobs run at once (SQLite writes one at a time: more only helps PostgreSQL).",
)
@with_appcontext
def worker_command(threads: int) -> None:
    """Run background jobs (imports, re-indexing, training, exports) until stopped.

    At start, jobs a stopped worker left running are queued again (or failed once they
    have used their attempts); `annotator serve` starts one of these for you.
    """
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    serve_jobs_from(app)
    queue = job_queue(app)
    again = recover(app, at_start=True)
    if again:
        click.echo(f"queued again after a restart: job(s) {', '.join(map(str, again))}", err=True)
    consumer = queue.huey.create_consumer(workers=threads, worker_type="thread", periodic=True)
    consumer.run()

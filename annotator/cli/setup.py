"""Commands that set a machine up and serve the app: quickstart and serve."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from annotator.extensions import db
from annotator.jobs.process import job_worker_beside
from annotator.models import User
from annotator.services.importing import collect_paths, import_files, import_options
from annotator.services.schema import apply_schema, default_schema
from annotator.services.setup import upgrade_database
from annotator.services.users import create_user
from annotator.serving import (
    PRELOAD_DEFAULT,
    default_threads,
    default_workers,
    run_gunicorn,
    serves_sqlite,
)

SEEDS = Path(__file__).resolve().parents[2] / "seeds"  # the project's seeds/, beside annotator/


@click.command("quickstart")
@click.option(
    "--seeds",
    "seed_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=SEEDS,
    show_default=True,
    help="Folder of articles to import.",
)
@click.option("--username", default="admin", show_default=True, help="The first login.")
@with_appcontext
def quickstart_command(seed_dir: Path, username: str) -> None:
    """Initialise the database, import the seed articles and make a first login."""
    upgrade_database()
    apply_schema(db.session, default_schema(), note="default schema")
    db.session.commit()
    imported = 0
    for report in import_files(
        db.session,
        list(collect_paths([seed_dir])),
        import_options(current_app.config),
        commit=db.session.commit,
        rollback=db.session.rollback,
    ):
        if report.status == "rejected":
            click.echo(f"rejected {report.path}: {report.reason}", err=True)
        imported += len(report.article_ids)
    click.echo(f"seed articles: {imported} new")
    password_file = Path(current_app.instance_path) / "first-login.txt"
    user = db.session.scalar(select(User).where(User.username == username))
    if user is None:
        password = secrets.token_urlsafe(12)
        user = create_user(db.session, username, password, role="admin")
        user.password_is_temporary = True  # the first sign-in asks for a password of one's own
        db.session.commit()
        fd = os.open(password_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(f"username: {username}\npassword: {password}\n")
    # The login comes last, so it is what a person sees just before the server starts.
    click.echo("")
    if user.password_is_temporary and password_file.exists():
        click.echo(f"First login ({password_file}; choose your own password when you sign in):")
        for line in password_file.read_text(encoding="utf-8").splitlines():
            click.echo(f"    {line}")
    else:
        click.echo(f"Sign in as {username!r} with the password you chose.")
    click.echo("")


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option(
    "--workers",
    type=int,
    help="gunicorn worker processes [default: 2 per core with PostgreSQL, 1 with SQLite; 2+]",
)
@click.option(
    "--threads", type=int, help="Threads per worker [default: 4 with PostgreSQL, 8 with SQLite]"
)
@click.option(
    "--preload/--no-preload",
    default=PRELOAD_DEFAULT,
    show_default=True,
    help="Load the app (and jieba) once before forking workers.",
)
@click.option("--dev", is_flag=True, help="Flask's development server with the reloader.")
@click.option(
    "--job-worker/--no-job-worker",
    default=True,
    show_default=True,
    help="Start `annotator worker` for background jobs beside the server.",
)
def serve_command(
    host: str,
    port: int,
    workers: int | None,
    threads: int | None,
    preload: bool,
    dev: bool,
    job_worker: bool,
) -> None:
    """Serve the app: gunicorn by default, Flask's reloader with --dev."""
    click.echo(f"annotator on http://{host}:{port}/")
    with job_worker_beside(job_worker and not os.environ.get("WERKZEUG_RUN_MAIN")):
        _serve(host, port, workers, threads, preload, dev)


def _serve(
    host: str, port: int, workers: int | None, threads: int | None, preload: bool, dev: bool
) -> None:
    if dev:
        from annotator import create_app

        app = create_app()
        if app.config["ENV_NAME"] == "production":
            raise click.ClickException("production mode refuses to run with debug on (--dev)")
        app.run(host=host, port=port, debug=True, use_reloader=True)
        return
    sqlite = serves_sqlite()
    workers = workers or default_workers(sqlite)
    run_gunicorn(host, port, workers, threads or default_threads(sqlite), preload)

"""Configuration: defaults, environment overrides, and the instance-folder secret."""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import Flask

from annotator.private_files import private_dir, private_sqlite

DEFAULTS: dict[str, Any] = {
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    "PASSAGE_TARGET": 300,
    "PASSAGE_HARD_MAX": 500,
    "MAX_IMPORT_BYTES": 50 * 1024 * 1024,
    # The import upload's limit; every other endpoint takes MAX_BODY_BYTES or less.
    "MAX_CONTENT_LENGTH": 50 * 1024 * 1024,
    "MAX_BODY_BYTES": 1024 * 1024,
    "ANNOTATORS_PER_PASSAGE": 2,
    "BLIND_MODE": True,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    # "Keep me signed in" lasts a month from the sign-in, not Flask-Login's default year.
    "REMEMBER_COOKIE_DURATION": timedelta(days=30),
    # A form or page's CSRF token lasts a working day; API answers renew it while in use.
    "WTF_CSRF_TIME_LIMIT": 12 * 3600,
    "BABEL_DEFAULT_LOCALE": "zh",
    "LANGUAGES": ["zh", "en"],
    "ENV_NAME": "development",
    "TRUSTED_PROXIES": 0,
    "SIGN_IN_ACCOUNT_LIMIT": 10,
    "SIGN_IN_ADDRESS_LIMIT": 50,
    "SIGN_IN_WINDOW_SECONDS": 900,
    "SIGN_IN_FIRST_DELAY_SECONDS": 1,
    "SIGN_IN_MAX_DELAY_SECONDS": 300,
    # Background jobs (docs/jobs.md): the queue ("" = a SQLite file in the instance folder,
    # or redis://host:port/db), uploads larger than this run as a job, recovery timings.
    "JOBS_QUEUE": "",
    "JOBS_QUEUE_NAME": "annotator",
    "JOBS_DIR": "",  # uploads waiting for a job and finished exports ("" = instance/jobs)
    "JOBS_BACKGROUND_BYTES": 1024 * 1024,
    "JOBS_STALE_SECONDS": 300,
    "JOBS_MAX_ATTEMPTS": 2,
}
MIN_SECRET_LENGTH = 32
# Values people paste from examples; a key containing one of these is not a secret.
PLACEHOLDER_SECRETS = ("changeme", "change-me", "change_me", "secret", "password", "example")


class ConfigError(RuntimeError):
    """The configuration cannot be used to start the app."""


def normalise_database_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL URLs however they are spelled."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def sqlite_path(url: str) -> Path | None:
    """The file of an SQLite URL; None for other databases and in-memory SQLite."""
    if not url.startswith("sqlite:///"):
        return None
    database = url[len("sqlite:///") :].split("?", 1)[0]
    return Path(database) if database and database != ":memory:" else None


def _instance_secret(instance: Path) -> str:
    """Generate a secret once for local use and keep it in the instance folder."""
    path = instance / "secret_key"
    if path.exists():
        return path.read_text(encoding="ascii").strip()
    key = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(key)
    return key


def weak_secret_reason(key: str) -> str | None:
    """Why a SECRET_KEY cannot protect sessions in production, or None if it can."""
    if len(key) < MIN_SECRET_LENGTH:
        return (
            f"SECRET_KEY must have at least {MIN_SECRET_LENGTH} characters; generate one with"
            " python -c 'import secrets; print(secrets.token_hex(32))'"
        )
    lowered = key.lower()
    if any(word in lowered for word in PLACEHOLDER_SECRETS):
        return "SECRET_KEY looks like a placeholder; generate a random one"
    if len(set(key)) < 10:
        return "SECRET_KEY repeats too few characters to be random"
    return None


def check_production(app: Flask) -> None:
    """Refuse to serve production with a missing or guessable secret, or with debug on."""
    key = app.config.get("SECRET_KEY")
    if not key:
        raise ConfigError("production mode needs SECRET_KEY in the environment")
    reason = weak_secret_reason(str(key))
    if reason:
        raise ConfigError(reason)
    if app.debug:
        raise ConfigError("production mode refuses to run with debug on")


def postgres_engine_options(options: dict[str, Any], url: str) -> dict[str, Any]:
    """Engine options with PostgreSQL's JIT off, unless the URL or the options say otherwise.

    The app's queries are short page reads; when the planner lacks statistics (right after a
    bulk import, or with autovacuum off) its cost guesses pass jit_above_cost and a 5 ms
    query spends 80 ms to seconds compiling itself. The driver's `options` from
    connect_args replace the URL's `options` (a search_path, say), so both are combined.
    """
    from sqlalchemy.engine import make_url

    connect_args = dict(options.get("connect_args") or {})
    given = connect_args.get("options", make_url(url).query.get("options", ""))
    given = " ".join(given) if isinstance(given, tuple) else str(given)
    if "jit" not in given:
        connect_args["options"] = f"{given} -c jit=off".strip()
    return {**options, "connect_args": connect_args}


def load_config(app: Flask, test_config: dict[str, Any] | None) -> None:
    """Fill app.config from defaults, then the environment, then test_config."""
    instance = Path(app.instance_path)
    private_dir(instance)  # the secret key and the SQLite database live here
    app.config.from_mapping(DEFAULTS)
    if test_config is not None:
        # Tests never read the developer's environment.
        app.config.from_mapping(test_config)
    else:
        env = os.environ
        app.config["ENV_NAME"] = env.get("ANNOTATOR_ENV", "development")
        if "DATABASE_URL" in env:
            app.config["DATABASE_URL"] = env["DATABASE_URL"]
        if env.get("SECRET_KEY"):
            app.config["SECRET_KEY"] = env["SECRET_KEY"]
        if env.get("ANNOTATOR_HTTPS", "").lower() in ("1", "true", "yes"):
            app.config["SESSION_COOKIE_SECURE"] = True
            app.config["REMEMBER_COOKIE_SECURE"] = True
            app.config["PREFERRED_URL_SCHEME"] = "https"
        for name in ("JOBS_QUEUE", "JOBS_QUEUE_NAME", "JOBS_DIR"):
            app.config[name] = env.get(f"ANNOTATOR_{name}", app.config[name])
        for key in (
            "JOBS_BACKGROUND_BYTES",
            "JOBS_STALE_SECONDS",
            "JOBS_MAX_ATTEMPTS",
            "PASSAGE_TARGET",
            "PASSAGE_HARD_MAX",
            "MAX_IMPORT_BYTES",
            "MAX_CONTENT_LENGTH",
            "MAX_BODY_BYTES",
            "TRUSTED_PROXIES",
            "SIGN_IN_ACCOUNT_LIMIT",
            "SIGN_IN_ADDRESS_LIMIT",
            "SIGN_IN_WINDOW_SECONDS",
            "SIGN_IN_FIRST_DELAY_SECONDS",
            "SIGN_IN_MAX_DELAY_SECONDS",
        ):
            if env.get(f"ANNOTATOR_{key}"):
                app.config[key] = int(env[f"ANNOTATOR_{key}"])
    if app.config["ENV_NAME"] == "production":
        check_production(app)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(instance)
    url = app.config.get("DATABASE_URL") or f"sqlite:///{instance / 'annotator.sqlite3'}"
    app.config["DATABASE_URL"] = url
    sqlite_file = sqlite_path(url)
    if sqlite_file is not None and sqlite_file.parent.is_dir():
        private_sqlite(sqlite_file)
    app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(url)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = postgres_engine_options(
            app.config["SQLALCHEMY_ENGINE_OPTIONS"], app.config["SQLALCHEMY_DATABASE_URI"]
        )

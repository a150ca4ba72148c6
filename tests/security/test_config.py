"""Production refuses to start with a missing or guessable SECRET_KEY, or with debug on."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator import create_app
from annotator.config import ConfigError

GOOD_KEY = "3f9c1e7a0b6d4c2e8f5a9b1d7c3e6f0a2b4d8e1c5f7a9b3d6e0c2f4a8b1d5e7c"


def _production(tmp_path: Path, **config: object):  # type: ignore[no-untyped-def]
    return create_app(
        {
            "ENV_NAME": "production",
            "INSTANCE_PATH": str(tmp_path),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            **config,
        }
    )


@pytest.mark.parametrize(
    "key, reason",
    [
        (None, "needs SECRET_KEY"),
        ("", "needs SECRET_KEY"),
        ("short-but-random-9f8e", "at least 32"),
        ("changeme-changeme-changeme-changeme", "placeholder"),
        ("my-super-SECRET-key-for-the-annotator-2026", "placeholder"),
        ("x" * 64, "too few characters"),
        ("abababababababababababababababab12", "too few characters"),
    ],
)
def test_production_refuses_a_weak_secret(tmp_path: Path, key: str | None, reason: str) -> None:
    config = {} if key is None else {"SECRET_KEY": key}
    with pytest.raises(ConfigError, match=reason):
        _production(tmp_path, **config)


def test_production_refuses_debug(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="debug"):
        _production(tmp_path, SECRET_KEY=GOOD_KEY, DEBUG=True)


def test_production_starts_with_a_random_secret(tmp_path: Path) -> None:
    app = _production(tmp_path, SECRET_KEY=GOOD_KEY)
    assert app.config["SECRET_KEY"] == GOOD_KEY and not app.debug


def test_production_environment_is_read_from_the_env(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ANNOTATOR_ENV", "production")
    monkeypatch.setenv("ANNOTATOR_INSTANCE", str(tmp_path))
    monkeypatch.setenv("SECRET_KEY", "changeme")
    with pytest.raises(ConfigError):
        create_app()
    monkeypatch.setenv("SECRET_KEY", GOOD_KEY)
    monkeypatch.setenv("FLASK_DEBUG", "1")
    with pytest.raises(ConfigError, match="debug"):
        create_app()


def test_serve_dev_refuses_production(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from annotator.cli.setup import serve_command

    monkeypatch.setenv("ANNOTATOR_ENV", "production")
    monkeypatch.setenv("ANNOTATOR_INSTANCE", str(tmp_path))
    monkeypatch.setenv("SECRET_KEY", GOOD_KEY)
    result = CliRunner().invoke(serve_command, ["--dev", "--port", "0"])
    assert result.exit_code != 0
    assert "refuses to run with debug on" in result.output


def test_development_still_generates_a_local_secret(tmp_path: Path) -> None:
    app = create_app({"INSTANCE_PATH": str(tmp_path)})
    assert len(app.config["SECRET_KEY"]) == 64

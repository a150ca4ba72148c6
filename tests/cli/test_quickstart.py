"""`annotator quickstart` (what `make run` starts with) ends with the first login, temporary."""

from __future__ import annotations

from pathlib import Path

from annotator import create_app
from annotator.extensions import db
from annotator.models import User


def test_the_first_login_is_the_last_thing_printed_and_must_be_changed(tmp_path: Path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "one.txt").write_text("开源模型的争论。\n\n研究者意见不一。\n", encoding="utf-8")
    app = create_app(
        {
            "SECRET_KEY": "x",
            "DATABASE_URL": f"sqlite:///{tmp_path}/q.sqlite3",
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",
        }
    )
    runner = app.test_cli_runner()
    result = runner.invoke(args=["quickstart", "--seeds", str(seeds)])
    assert result.exit_code == 0, result.output
    last = [line.strip() for line in result.output.splitlines() if line.strip()][-3:]
    assert last[0].startswith("First login")
    assert last[1] == "username: admin"
    password = last[2].removeprefix("password: ")
    assert len(password) >= 12
    with app.app_context():
        admin = db.session.query(User).filter_by(username="admin").one()
        assert admin.password_is_temporary
    # Run again: the same login is shown last again, not "already exists".
    again = runner.invoke(args=["quickstart", "--seeds", str(seeds)]).output.splitlines()
    assert [line.strip() for line in again if line.strip()][-1] == f"password: {password}"


def test_without_seeds_given_it_imports_the_projects_five_seed_articles(tmp_path: Path):
    from annotator.cli.setup import SEEDS
    from annotator.models import Article
    from tests.conftest import SEEDS as PROJECT_SEEDS

    assert SEEDS == PROJECT_SEEDS  # what `make run` imports when nothing is named
    app = create_app(
        {
            "SECRET_KEY": "x",
            "DATABASE_URL": f"sqlite:///{tmp_path}/q.sqlite3",
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",
        }
    )
    result = app.test_cli_runner().invoke(args=["quickstart"])
    assert result.exit_code == 0, result.output
    assert "seed articles: 5 new" in result.output
    with app.app_context():
        assert db.session.query(Article).count() == 5

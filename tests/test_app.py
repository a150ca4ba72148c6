"""App factory, configuration, sign-in and health."""

from __future__ import annotations

import pytest

from annotator import create_app
from annotator.config import ConfigError
from annotator.extensions import db
from annotator.services.users import create_user


def test_secret_key_is_generated_once_into_the_instance_folder(tmp_path):
    config = {"DATABASE_URL": f"sqlite:///{tmp_path}/a.db", "INSTANCE_PATH": str(tmp_path / "i")}
    first = create_app({**config}).config["SECRET_KEY"]
    second = create_app({**config}).config["SECRET_KEY"]
    assert first == second and len(first) == 64
    assert (tmp_path / "i" / "secret_key").stat().st_mode & 0o077 == 0


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app({"ENV_NAME": "production", "INSTANCE_PATH": str(tmp_path)})


def test_default_database_is_sqlite_in_the_instance_folder(tmp_path):
    app = create_app({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x"})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/annotator.sqlite3"


def test_postgres_urls_use_psycopg3(tmp_path):
    app = create_app(
        {"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x", "DATABASE_URL": "postgres://u@h/d"}
    )
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@h/d"


def test_sqlite_connections_have_foreign_keys_wal_and_a_busy_timeout(app, backend):
    if backend != "sqlite":
        pytest.skip("SQLite pragmas")
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


def test_health_is_public(client):
    assert client.get("/healthz").json == {"status": "ok"}


def test_pages_need_sign_in_and_the_api_answers_401(client):
    page = client.get("/articles")
    assert page.status_code == 302
    assert page.headers["Location"].startswith("/login")
    response = client.get("/api/articles")
    assert response.status_code == 401
    assert response.is_json


def test_sign_in_with_wrong_password_does_not_say_which_part(client):
    create_user(db.session, "editor", "password123")
    db.session.commit()
    wrong_pw = client.post("/login", data={"username": "editor", "password": "nope-nope"})
    no_user = client.post("/login", data={"username": "ghost", "password": "password123"})
    assert wrong_pw.status_code == no_user.status_code == 401
    assert "用户名或密码错误" in wrong_pw.text and "用户名或密码错误" in no_user.text
    ok = client.post("/login", data={"username": "editor", "password": "password123"})
    assert ok.status_code == 302


def test_sign_in_never_redirects_off_site(client):
    create_user(db.session, "editor", "password123")
    db.session.commit()
    response = client.post(
        "/login?next=https://evil.example/", data={"username": "editor", "password": "password123"}
    )
    assert response.headers["Location"] == "/"


def test_postgres_connections_have_jit_off_and_keep_the_urls_options(app, backend, pg_url):
    if backend != "postgresql":
        pytest.skip("PostgreSQL settings")
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("SHOW jit").scalar() == "off"
    # A URL's own libpq options (the spare test database's search_path, say) survive it.
    from sqlalchemy.engine import make_url

    url = make_url(pg_url).update_query_dict({"options": "-csearch_path=elsewhere"})
    other = create_app(
        {
            "DATABASE_URL": url.render_as_string(hide_password=False),
            "SECRET_KEY": "x",
            "INSTANCE_PATH": app.instance_path,
        }
    )
    with other.app_context(), db.engine.connect() as conn:
        assert conn.exec_driver_sql("SHOW search_path").scalar() == "elsewhere"
        assert conn.exec_driver_sql("SHOW jit").scalar() == "off"
    with other.app_context():
        db.engine.dispose()

"""The export page: reviewers and admins only, a streamed download equal to the CLI's bytes."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.extensions import db
from tests.builders.clients import sign_in
from tests.builders.users import make_users


def test_editors_may_not_export(client, golden):
    sign_in(client, "ann")
    assert client.get("/export").status_code == 403
    assert client.get("/export/download?format=native").status_code == 403
    assert client.get("/export/card?format=native").status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client, golden):
    response = client.get("/export")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize("role", ["reviewer", "admin"])
def test_the_page_shows_the_form_and_the_matching_command(client, golden, role):
    make_users(db.session, "boss", role=role)
    db.session.commit()
    sign_in(client, "boss")
    html = client.get("/export?format=doccano&status=gold&lang=en").get_data(as_text=True)
    assert "annotator export --format doccano --status gold -o FILE" in html
    assert 'value="doccano" selected' in html or 'selected value="doccano"' in html
    assert client.get("/export?format=bogus").status_code == 400


@pytest.mark.parametrize(
    "query,args",
    [
        ("format=native&status=all", ["--format", "native"]),
        (
            "format=doccano-spans&status=labeled&include_boilerplate=y",
            ["--format", "doccano-spans", "--status", "labeled", "--include-boilerplate"],
        ),
        ("format=label-studio&status=gold", ["--format", "label-studio", "--status", "gold"]),
    ],
)
def test_the_download_streams_the_cli_bytes(client, runner, golden, tmp_path, query, args):
    sign_in(client, "rev")
    response = client.get(f"/export/download?{query}")
    assert response.status_code == 200 and response.is_streamed
    assert response.headers["Content-Disposition"].startswith("attachment; filename=")
    out = tmp_path / "cli.out"
    assert runner.invoke(args=["export", "-o", str(out), *args]).exit_code == 0
    assert response.get_data() == Path(out).read_bytes()


def test_the_card_download(client, golden):
    sign_in(client, "rev")
    response = client.get("/export/card?format=native&status=labeled")
    text = response.get_data(as_text=True)
    assert response.mimetype == "text/markdown"
    assert text.startswith("# Dataset card") and "annotator export --format native" in text
    assert client.get("/export/download?format=xml").status_code == 400


def test_the_page_counts_articles_passages_and_boilerplate(client, golden):
    make_users(db.session, "boss", role="reviewer")
    db.session.commit()
    sign_in(client, "boss")
    html = client.get("/export?lang=en").get_data(as_text=True)
    # The golden corpus: two articles, seven passages, one of them site chrome.
    assert "2 articles, 7 passages (1 boilerplate)." in html

"""The codebook pages: reading, printing, the panel fragment, editing by admins, outdated list."""

from __future__ import annotations

import re

import flask_babel
import pytest
from sqlalchemy import func, select

from annotator.extensions import db
from annotator.models import CodebookVersion
from annotator.services.schema import default_schema, snapshot
from tests.builders.articles import import_article
from tests.builders.labels import tag
from tests.builders.users import PASSWORD, make_user
from tests.conftest import ROOT

XSS = '<script>alert("x")</script> [click](javascript:alert(1)) <img src=x onerror=alert(1)>'


def sign_in(client, name, role="editor"):
    make_user(db.session, name, role)
    db.session.commit()
    response = client.post("/login", data={"username": name, "password": PASSWORD})
    assert response.status_code == 302


def english(client, path, **kwargs):
    """A request in English; the test's app context would otherwise keep the first locale."""
    flask_babel.refresh()
    sep = "&" if "?" in path else "?"
    method = client.post if "data" in kwargs else client.get
    response = method(f"{path}{sep}lang=en", **kwargs)
    flask_babel.refresh()
    return response


def versions() -> int:
    return db.session.scalar(select(func.count()).select_from(CodebookVersion))


def test_pages_need_sign_in(client):
    for path in ("/codebook", "/codebook/panel", "/codebook/versions"):
        assert client.get(path).status_code == 302


def test_the_codebook_page_shows_every_set_label_rule_and_example(client):
    sign_in(client, "editor")
    html = english(client, "/codebook").get_data(as_text=True)
    for s in default_schema():
        assert f'id="set-{s.name}"' in html and s.title_en in html
        for label in s.labels:
            assert f'data-codebook-label="{s.name}:{label.name}"' in html
            for e in label.examples:
                assert e["text"].replace("“", "&#34;") in html or e["text"] in html
    assert "Version 1 of" in html and "codebook.css" in html and 'data-action="print"' in html
    assert "<script>" not in html.split("</main>")[0]  # no inline scripts


def test_the_page_defaults_to_chinese(client):
    sign_in(client, "editor")
    html = client.get("/codebook").get_data(as_text=True)
    assert "标注手册" in html and "支持公开/开源" in html and "判定规则" in html


def test_the_print_stylesheet_hides_navigation():
    text = (ROOT / "annotator" / "static" / "codebook.css").read_text(encoding="utf-8")
    printed = text[text.index("@media print") :]
    assert ".topbar" in printed and "display: none" in printed


def test_an_unknown_version_is_404_and_an_old_one_is_marked(client, app):
    sign_in(client, "admin", "admin")
    assert client.get("/codebook?version=9").status_code == 404
    client.post(
        "/codebook/edit/stance",
        data={
            "version": 1,
            "note": "shorter",
            "definition": "立场。",
            "rules": "只有一条规则",
        },
    )
    old = english(client, "/codebook?version=1").get_data(as_text=True)
    assert "This is an old version." in old and "Version 1 of" in old
    assert "This is an old version." not in client.get("/codebook").get_data(as_text=True)


def test_the_panel_fragment_carries_plain_definitions_for_tooltips(client):
    sign_in(client, "editor")
    response = client.get("/codebook/panel")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in html
    pattern = r'data-codebook-label="stance:for_open_release"[^>]*data-definition="([^"]*)"'
    match = re.search(pattern, html)
    assert match and "嘲讽不公开的决定" in match.group(1) and "*" not in match.group(1)


def test_editors_and_reviewers_cannot_edit(client):
    sign_in(client, "rita", "reviewer")
    assert client.get("/codebook/edit").status_code == 403
    post = client.post("/codebook/edit/stance", data={"version": 1, "note": "x", "definition": ""})
    assert post.status_code == 403 and versions() == 1


def test_an_admin_edits_a_label_and_unsafe_markdown_is_neutralised(client):
    sign_in(client, "admin", "admin")
    page = client.get("/codebook/edit/stance/for_open_release")
    assert page.status_code == 200
    label = next(lb for lb in default_schema()[0].labels if lb.name == "for_open_release")
    form = {"version": 1, "note": "tighten", "definition": f"新定义 **粗** {XSS}"}
    for i, e in enumerate(label.examples):
        form.update(
            {
                f"examples-{i}-text": e["text"],
                f"examples-{i}-source": e["source"],
                f"examples-{i}-note": e["note"],
            }
        )
        if e["positive"]:
            form[f"examples-{i}-positive"] = "y"
    n = len(label.examples)
    form.update(
        {
            f"examples-{n}-text": "新例子",
            f"examples-{n}-source": "x.txt",
            f"examples-{n}-note": f"note {XSS}",
        }
    )
    response = client.post("/codebook/edit/stance/for_open_release", data=form)
    assert response.status_code == 302 and versions() == 2
    stored = next(
        lb
        for s in snapshot(db.session)["label_sets"]
        if s["name"] == "stance"
        for lb in s["labels"]
        if lb["name"] == "for_open_release"
    )
    assert [e["positive"] for e in stored["examples"]] == [
        e["positive"] for e in label.examples
    ] + [False]
    assert stored["examples"][-1]["text"] == "新例子"
    for path in ("/codebook", "/codebook/panel"):
        html = client.get(path).get_data(as_text=True)
        assert "<strong>粗</strong>" in html
        assert '<script>alert("x")' not in html and "javascript:" not in html.replace(
            "[click](javascript:alert(1))", ""
        )
        assert 'href="javascript' not in html and "<img" not in html


def test_saving_without_a_note_or_from_a_stale_form_is_refused(client):
    sign_in(client, "admin", "admin")
    data = {"version": 1, "definition": "新的定义", "rules": "规则"}
    no_note = english(client, "/codebook/edit/stance", data=data)
    assert no_note.status_code == 400 and "Say what changed and why." in no_note.get_data(
        as_text=True
    )
    assert client.post("/codebook/edit/stance", data={**data, "note": "ok"}).status_code == 302
    stale = english(
        client, "/codebook/edit/stance", data={**data, "note": "again", "definition": "另一个"}
    )
    assert stale.status_code == 400 and "Someone saved the codebook" in stale.get_data(as_text=True)
    assert versions() == 2


def test_unchanged_save_makes_no_version(client):
    sign_in(client, "admin", "admin")
    s = next(s for s in snapshot(db.session)["label_sets"] if s["name"] == "stance")
    response = english(
        client,
        "/codebook/edit/stance",
        data={
            "version": 1,
            "note": "no-op",
            "definition": s["definition"].replace("\n", "\r\n"),
            "rules": "\r\n".join(s["rules"]),
        },
        follow_redirects=True,
    )
    assert "Nothing changed" in response.get_data(as_text=True) and versions() == 1


@pytest.mark.parametrize("path", ["/codebook/edit/nope", "/codebook/edit/stance/nope"])
def test_unknown_sets_and_labels_are_404(client, path):
    sign_in(client, "admin", "admin")
    assert client.get(path).status_code == 404


def test_reviewers_list_passages_tagged_under_older_versions(client):
    article = import_article(db.session)
    editor = make_user(db.session, "editor")
    tag(db.session, article.passages[1], editor, stance="for_open_release")
    db.session.commit()
    sign_in(client, "rita", "reviewer")
    html = english(client, "/codebook/outdated").get_data(as_text=True)
    assert "Nothing to re-check" in html
    from annotator.services.codebook import edit_label_set

    s = next(s for s in snapshot(db.session)["label_sets"] if s["name"] == "stance")
    edit_label_set(
        db.session,
        "stance",
        definition="重新定义",
        rules=s["rules"],
        note="redefine",
        actor_id=None,
        seen_version=1,
    )
    db.session.commit()
    html = english(client, "/codebook/outdated").get_data(as_text=True)
    assert f'data-passage-id="{article.passages[1].id}"' in html
    assert "<strong>1</strong> passage(s)" in html and "stance</code> definition" in html
    versions_page = english(client, "/codebook/versions").get_data(as_text=True)
    assert "redefine" in versions_page and "v2" in versions_page


def test_editors_cannot_see_the_outdated_list(client):
    sign_in(client, "editor")
    assert client.get("/codebook/outdated").status_code == 403

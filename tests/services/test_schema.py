"""Label schema: TOML validation, idempotent install, versions, retiring labels."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from annotator.extensions import db
from annotator.models import Annotation, CodebookVersion, Event, Label, LabelSet
from annotator.services.schema import SchemaError, apply_schema, default_schema, load_schema_file

SMALL = """
[[label_sets]]
name = "stance"
kind = "single"
title_zh = "立场"
title_en = "Stance"
  [[label_sets.labels]]
  name = "for_open_release"
  title_zh = "支持"
  title_en = "For"
"""


def versions() -> list[int]:
    return list(
        db.session.scalars(select(CodebookVersion.version).order_by(CodebookVersion.version))
    )


def test_default_schema_has_the_issue_labels(app):
    sets = {s.name: s for s in default_schema()}
    assert [label.name for label in sets["stance"].labels] == [
        "for_open_release",
        "against_open_release",
        "neutral_or_mixed",
        "not_about_release",
    ]
    assert sets["stance"].kind == "single" and sets["bias_attribution"].kind == "multi"
    assert [label.title_zh for label in sets["bias_attribution"].labels] == [
        "数据偏差",
        "模型或算法",
        "研究者/开发者",
        "应用与社会环境",
    ]
    assert [(label.name, label.title_zh) for label in sets["spans"].labels] == [
        ("evidence", "依据"),
        ("holder", "立场持有者"),
    ]


def test_applying_the_same_schema_twice_changes_nothing(app):
    before = versions()
    result = apply_schema(db.session, default_schema())
    assert not result.changed and versions() == before == [1]


def test_a_removed_label_is_retired_not_deleted_and_a_version_is_made(app, tmp_path):
    path = tmp_path / "small.toml"
    path.write_text(SMALL, encoding="utf-8")
    result = apply_schema(db.session, load_schema_file(path), note="narrower")
    db.session.commit()
    assert result.changed and versions() == [1, 2]
    retired = db.session.scalar(
        select(Label)
        .join(LabelSet)
        .where(LabelSet.name == "stance", Label.name == "against_open_release")
    )
    assert retired is not None and retired.retired_at is not None
    bias = db.session.scalar(select(LabelSet).where(LabelSet.name == "bias_attribution"))
    assert bias.retired_at is not None
    assert (
        db.session.scalar(
            select(func.count()).select_from(Event).where(Event.action == "schema.update")
        )
        == 2
    )
    # Putting the label back brings the same row back.
    apply_schema(db.session, default_schema())
    assert db.session.get(Label, retired.id).retired_at is None
    assert versions() == [1, 2, 3]


@pytest.mark.parametrize(
    "text, message",
    [
        ("x = ", "not valid TOML"),
        ("[[label_sets]]\nname='a'\nkind='tree'\ntitle_zh='a'\ntitle_en='a'", "kind must be"),
        (
            "[[label_sets]]\nname='a'\nkind='single'\ntitle_zh='a'\ntitle_en='a'",
            "at least one label",
        ),
        ("format = 1", "at least one [[label_sets]]"),
    ],
)
def test_invalid_schema_files_say_what_is_wrong(app, tmp_path, text, message):
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SchemaError, match=message.replace("[", r"\[")):
        load_schema_file(path)


def test_kind_cannot_change_while_in_use(app):
    from annotator.services.users import create_user
    from tests.builders.articles import import_article

    user = create_user(db.session, "ed", "password123")
    passage = import_article(db.session).passages[0]
    stance = db.session.scalar(select(LabelSet).where(LabelSet.name == "stance"))
    db.session.add(Annotation(passage_id=passage.id, user_id=user.id, label_set_id=stance.id))
    db.session.flush()
    specs = default_schema()
    specs[0] = type(specs[0])(**{**specs[0].__dict__, "kind": "multi"})
    with pytest.raises(SchemaError, match="cannot change kind"):
        apply_schema(db.session, specs)


def test_schema_load_command(runner, tmp_path):
    path = tmp_path / "small.toml"
    path.write_text(SMALL, encoding="utf-8")
    result = runner.invoke(args=["schema", "load", str(path)])
    assert result.exit_code == 0 and "codebook version 2" in result.output
    bad = tmp_path / "bad.toml"
    bad.write_text("x =", encoding="utf-8")
    result = runner.invoke(args=["schema", "load", str(bad)])
    assert result.exit_code == 1 and "not valid TOML" in result.output

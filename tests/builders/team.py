"""Fixture plugin: a small team (editors, a reviewer, an admin) and one six-passage article."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from flask import Flask

from annotator.extensions import db
from annotator.models import Article, Passage, User
from tests.builders.articles import article_with_passages, body_passages
from tests.builders.users import make_users

PARAGRAPHS = [
    "研究者认为应当公开模型权重，以便学术界复现结果。",
    "也有人担心模型被滥用，主张暂不公开。",
    "数据集中的偏见来自训练数据的采集方式。",
    "部署环境同样会放大偏差。",
    "公司表示将在审查后开源部分代码。",
    "这段话与开源无关，只谈天气。",
]


@dataclass
class Team:
    users: dict[str, User]
    article: Article
    passages: list[Passage]


@pytest.fixture
def team(app: Flask) -> Team:
    """Editors alice, bob, carol; reviewer rita; admin ada; one six-passage article."""
    users = make_users(
        db.session, alice="editor", bob="editor", carol="editor", rita="reviewer", ada="admin"
    )
    article = article_with_passages(db.session, PARAGRAPHS)
    db.session.commit()
    return Team(users=users, article=article, passages=body_passages(db.session, article))

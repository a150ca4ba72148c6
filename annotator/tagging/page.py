"""The article page's view model: passages, label controls and the data the script reads."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session, load_only

from annotator.models import Article, Passage
from annotator.services.annotating import (
    NOTE_MAX_LENGTH,
    LabelSetInfo,
    load_vocabulary,
    passage_states,
)
from annotator.services.annotating.vocabulary import Vocabulary
from annotator.services.cue_lexicon import cue_lexicon
from annotator.services.progress import STANCE_SET, first_untagged_passage, tagged_by
from annotator.services.tokenizer import get_tokenizer
from annotator.services.visibility import Viewer
from annotator.text.cues import cue_finder


@dataclass(frozen=True)
class LabelControl:
    name: str
    title: str
    key: str | None
    definition: str
    color: str | None


@dataclass(frozen=True)
class SetControls:
    name: str
    kind: str
    title: str
    labels: list[LabelControl]


@dataclass(frozen=True)
class Block:
    """A body passage, or a run of page-furniture passages shown collapsed together."""

    kind: str
    passages: list[Passage]


def blocks(passages: list[Passage]) -> list[Block]:
    """Group consecutive boilerplate passages so a page's chrome folds into one line."""
    result: list[Block] = []
    for p in passages:
        if p.kind == "boilerplate" and result and result[-1].kind == "boilerplate":
            result[-1].passages.append(p)
        else:
            result.append(Block(p.kind, [p]))
    return result


# The page carries the full data (tokens, cues, the viewer's state) of the passages around
# the one it opens on; the others are shown as text and their data is fetched, a window at a
# time, as the editor scrolls near them (the longest articles have hundreds of passages).
WINDOW_BEFORE = 10
WINDOW_AFTER = 30
WINDOW_MAX = 80  # the most passages one fragment request returns
# What the page and its windows read of a passage (not its search index words).
SHOWN = (Passage.id, Passage.index, Passage.kind, Passage.text, Passage.duplicate_of)


@dataclass(frozen=True)
class ArticleView:
    article: Article
    blocks: list[Block]
    sets: list[SetControls]
    data: dict[str, Any]


def set_controls(label_set: LabelSetInfo, locale: str) -> SetControls:
    """A label set's controls with titles in the UI language."""
    return SetControls(
        name=label_set.name,
        kind=label_set.kind,
        title=label_set.title(locale),
        labels=[
            LabelControl(lb.name, lb.title(locale), lb.key, lb.definition, lb.color)
            for lb in label_set.active_labels
        ],
    )


def passage_items(
    session: Session, passages: Sequence[Passage], viewer: Viewer, vocabulary: Vocabulary
) -> list[dict[str, Any]]:
    """What the script needs to tag these passages: text, word tokens, cues, the viewer's state.

    The one reader behind the page and its fragment endpoint: the viewer's state (and the
    others' count, hidden in blind mode) comes from `passage_states`, the visibility rule's
    reader.
    """
    states = passage_states(session, [p.id for p in passages], viewer, vocabulary)
    tokenizer = get_tokenizer(session)
    find_cues = cue_finder(cue_lexicon(session))
    return [
        {
            "id": p.id,
            "index": p.index,
            "kind": p.kind,
            "text": p.text,
            "tokens": [[t.start, t.end] for t in tokenizer.tokens(p.text)],
            "cues": [[c.start, c.end, c.word, c.label] for c in find_cues(p.text)],
            **states[p.id],
        }
        for p in passages
    ]


def window_around(passages: list[Passage], focus: int | None) -> list[Passage]:
    """The passages the page sends with their data: those around `focus` (a passage id)."""
    at = next((i for i, p in enumerate(passages) if p.id == focus), 0)
    start = max(0, at - WINDOW_BEFORE)
    return passages[start : at + WINDOW_AFTER]


def passage_window(
    session: Session, article: Article, viewer: Viewer, start: int, stop: int
) -> list[dict[str, Any]]:
    """The script's data for the article's passages with start <= index < stop."""
    passages = session.scalars(
        select(Passage)
        .where(Passage.article_id == article.id, Passage.index >= start, Passage.index < stop)
        .order_by(Passage.index)
        .limit(WINDOW_MAX)
        .options(load_only(*SHOWN))
    ).all()
    return passage_items(session, passages, viewer, load_vocabulary(session))


def article_view(session: Session, article: Article, viewer: Viewer, locale: str) -> ArticleView:
    """Everything the article page shows, read with a fixed number of queries."""
    user_id = viewer.user_id
    vocabulary = load_vocabulary(session)
    sets = [set_controls(s, locale) for s in vocabulary.passage_sets()]
    passages = list(
        session.scalars(
            select(Passage)
            .where(Passage.article_id == article.id)
            .order_by(Passage.index)
            .options(load_only(*SHOWN))
        )
    )
    focus = first_untagged_passage(session, article.id, user_id)
    tagged = session.scalars(
        select(Passage.id).where(
            Passage.article_id == article.id, Passage.kind == "body", tagged_by(user_id)
        )
    ).all()
    data = {
        "article_id": article.id,
        "passages": passage_items(session, window_around(passages, focus), viewer, vocabulary),
        "tagged": list(tagged),  # for the progress count before every passage is loaded
        "sets": [
            {
                "name": s.name,
                "kind": s.kind,
                "title": s.title,
                "labels": [{"name": lb.name, "title": lb.title, "key": lb.key} for lb in s.labels],
                # Whether a selected holder span takes this set's labels as its own stance.
                "holder_stances": s.name == STANCE_SET,
            }
            for s in sets
        ],
        "focus": focus,
        "tagged_set": STANCE_SET,
        "note_max": NOTE_MAX_LENGTH,
        "urls": {
            "passage": url_for("api_annotations.passage_detail", passage_id=0).removesuffix("0"),
            "next": url_for("api_assignment.queue_next"),
            "article": url_for("tagging.article", article_id=0).removesuffix("0"),
            "window": url_for("tagging.article_passages", article_id=article.id),
        },
        "strings": client_strings(),
    }
    return ArticleView(article=article, blocks=blocks(passages), sets=sets, data=data)


def client_strings() -> dict[str, str]:
    """The messages the script shows, in the UI language."""
    return {
        "saving": _("Saving…"),
        "saved": _("Saved"),
        "failed": _("Not saved"),
        "retry": _("Retry"),
        "network": _("The server could not be reached; your change is kept here. Retry."),
        "signed_out": _("You are signed out. Sign in again in another tab, then retry."),
        "conflict": _("Changed in another tab or by another editor; the current state is shown."),
        "note_conflict": _("Your note was not saved because it changed elsewhere. Your text:"),
        "keep_mine": _("Use my text"),
        "select_first": _("Select some words of the passage first."),
        "select_inside": _("Select text inside one passage."),
        "span_exists": _("That span is already marked."),
        "remove": _("Remove"),
        "undone": _("Undone."),
        "nothing_to_undo": _("Nothing to undo."),
        "cue": _("Cue word"),
        "all_done": _("No passage needs you right now."),
        "loading": _("This passage is still loading; try again in a moment."),
        # One message for every count: the script puts the number in place of {n}.
        "others": _("Tagged by %(n)s other editor(s)", n="{n}"),
        "holder": _("Holder"),
        "passage_stance": _("passage stance"),
        "unlink": _("Unlink from its holder"),
        "holder_selected": _(
            "Holder selected: the stance keys now set its own stance (Esc: done)."
        ),
        "no_spans": _("This passage has no spans to select."),
        "select_evidence": _("Select an evidence span first (click it, or press t)."),
        "no_holder": _("Mark a holder in this passage first."),
        "pick_holder": _("Pick its holder: press the holder's number or click it."),
    }

"""The article page's view model: passages, label controls and the data the script reads."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from annotator.models import Article, LabelSet, Passage
from annotator.services.annotating import NOTE_MAX_LENGTH, load_vocabulary, passage_states
from annotator.services.cue_lexicon import cue_lexicon
from annotator.services.progress import STANCE_SET, first_untagged_passage
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


@dataclass(frozen=True)
class ArticleView:
    article: Article
    blocks: list[Block]
    sets: list[SetControls]
    others: dict[int, int | None]  # None: hidden by blind mode
    data: dict[str, Any]


def set_controls(label_set: LabelSet, locale: str) -> SetControls:
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


def article_view(session: Session, article: Article, viewer: Viewer, locale: str) -> ArticleView:
    """Everything the article page shows, read with a fixed number of queries."""
    user_id = viewer.user_id
    vocabulary = load_vocabulary(session)
    sets = [set_controls(s, locale) for s in vocabulary.passage_sets()]
    passages = list(article.passages)
    states = passage_states(session, [p.id for p in passages], viewer, vocabulary)
    tokenizer = get_tokenizer(session)
    find_cues = cue_finder(cue_lexicon(session))
    items = [
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
    data = {
        "article_id": article.id,
        "passages": items,
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
        "focus": first_untagged_passage(session, article.id, user_id),
        "tagged_set": STANCE_SET,
        "note_max": NOTE_MAX_LENGTH,
        "urls": {
            "passage": url_for("api_annotations.passage_detail", passage_id=0).removesuffix("0"),
            "next": url_for("api_team.queue_next"),
            "article": url_for("tagging.article", article_id=0).removesuffix("0"),
        },
        "strings": client_strings(),
    }
    others = {pid: state["others"] for pid, state in states.items()}
    return ArticleView(
        article=article, blocks=blocks(passages), sets=sets, others=others, data=data
    )


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

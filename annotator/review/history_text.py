"""A passage's history in words: "王芳 把 立场 从 支持 改为 反对", not event codes and JSON."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

from flask_babel import get_locale, gettext
from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.models import Passage, User
from annotator.services.dashboard import label_titles, set_titles
from annotator.services.history import HistoryEntry, passage_history


def _(msgid: str, **params: object) -> str:
    """gettext, typed: every sentence here is text."""
    return str(gettext(msgid, **params))


@dataclass(frozen=True)
class Titles:
    """What a person calls things: label sets, labels ("set:label"), users (username)."""

    sets: dict[str, str]
    labels: dict[str, str]
    people: dict[str, str]

    def label(self, set_name: str, name: str) -> str:
        return self.labels.get(f"{set_name}:{name}", name)

    def values(self, set_name: str, values: list[str]) -> str:
        return "、".join(self.label(set_name, v) for v in values)


def _quote(text: str, limit: int = 40) -> str:
    return f"「{text if len(text) <= limit else text[: limit - 1] + '…'}」"


def _spans(state: Any) -> set[tuple[int, int, str]]:
    return {(s["start"], s["end"], s["label"]) for s in (state or {}).get("spans") or []}


def _links(state: Any) -> dict[tuple[int, int, str], tuple[str | None, tuple[int, int] | None]]:
    """Each span's (own stance, holder range) as an event recorded them."""
    out = {}
    for s in (state or {}).get("spans") or []:
        holder = s.get("holder")
        at = (holder["start"], holder["end"]) if isinstance(holder, dict) else None
        out[(s["start"], s["end"], s["label"])] = (s.get("stance"), at)
    return out


def _link_changes(before: Any, after: Any, titles: Titles, text: str) -> list[str]:
    """Holder stances and evidence links that changed on spans kept by the save."""
    old, new = _links(before), _links(after)
    parts = []
    for key in sorted(set(old) & set(new)):
        (s, e, _label), (was, was_at), (now, now_at) = key, old[key], new[key]
        if was != now:
            stance = titles.label("stance", now) if now else _("the passage stance")
            parts.append(_("gave %(quote)s %(stance)s", quote=_quote(text[s:e]), stance=stance))
        if was_at != now_at:
            holder = _quote(text[now_at[0] : now_at[1]]) if now_at else _("no holder")
            parts.append(
                _("linked %(quote)s to %(holder)s", quote=_quote(text[s:e]), holder=holder)
            )
    return parts


def _annotation(who: str, entry: HistoryEntry, titles: Titles, text: str) -> str:
    after, before = entry.after or {}, entry.before or {}
    set_name = after.get("label_set") or before.get("label_set") or ""
    what = titles.sets.get(set_name, set_name)
    if "spans" in after or "spans" in before:
        added = sorted(_spans(after) - _spans(before))
        removed = sorted(_spans(before) - _spans(after))
        label_of = partial(titles.label, set_name)
        parts = [
            _("marked %(quote)s as %(label)s", quote=_quote(text[s:e]), label=label_of(label))
            for s, e, label in added
        ]
        parts += [
            _("removed %(label)s %(quote)s", quote=_quote(text[s:e]), label=label_of(label))
            for s, e, label in removed
        ]
        parts += _link_changes(before, after, titles, text)
        return f"{who} " + ("; ".join(parts) or _("saved %(what)s unchanged", what=what))
    old = titles.values(set_name, before.get("values") or [])
    new = titles.values(set_name, after.get("values") or [])
    if old and new:
        return _(
            "%(who)s changed %(what)s from %(old)s to %(new)s", who=who, what=what, old=old, new=new
        )
    if new:
        return _("%(who)s set %(what)s to %(new)s", who=who, what=what, new=new)
    if old:
        return _("%(who)s cleared %(what)s (was %(old)s)", who=who, what=what, old=old)
    return _("%(who)s saved %(what)s empty", who=who, what=what)


def _gold(entry: HistoryEntry, titles: Titles) -> str:
    labels = (entry.after or {}).get("labels") or {}
    return "; ".join(
        f"{titles.sets.get(s, s)}: {titles.values(s, v) or '—'}" for s, v in sorted(labels.items())
    )


def describe(entry: HistoryEntry, titles: Titles, text: str) -> str:
    """One sentence for one change, in the UI language."""
    who = titles.people.get(entry.actor or "", entry.actor) or _("the system")
    if entry.action in ("annotation.save", "annotation.import"):
        sentence = _annotation(who, entry, titles, text)
        return sentence if entry.action == "annotation.save" else f"{sentence} ({_('imported')})"
    if entry.action in ("note.save", "note.import"):
        note = (entry.after or {}).get("text") or ""
        if not note:
            return _("%(who)s cleared the note", who=who)
        return _("%(who)s wrote the note %(quote)s", who=who, quote=_quote(note, 60))
    if entry.action in ("gold.settle", "gold.import"):
        return _("%(who)s settled the gold: %(labels)s", who=who, labels=_gold(entry, titles))
    if entry.action == "gold.reopen":
        reason = (entry.after or {}).get("reason") or (entry.before or {}).get("reason") or ""
        reopened = _("%(who)s reopened the gold", who=who)
        return f"{reopened} {_quote(reason, 60)}" if reason else reopened
    return _("%(who)s: %(action)s", who=who, action=entry.action)


@dataclass(frozen=True)
class HistoryLine:
    """One change ready to show: the entry, its sentence, and its raw record."""

    entry: HistoryEntry
    sentence: str


def history_lines(session: Session, passage: Passage) -> list[HistoryLine]:
    """The passage's changes, oldest first, each in words in the UI language."""
    locale = str(get_locale() or "zh")
    people = {u: d or u for u, d in session.execute(select(User.username, User.display_name))}
    titles = Titles(set_titles(session, locale), label_titles(session, locale), people)
    return [
        HistoryLine(entry, describe(entry, titles, passage.text))
        for entry in passage_history(session, passage.id)
    ]

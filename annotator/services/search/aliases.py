"""Holder aliases for search: each name of a stance holder finds passages naming the others."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.models import HolderAlias
from annotator.services.search.terms import name_key


def other_names(session: Session) -> dict[str, list[str]]:
    """name_key(name) -> the holder's other names, for every alias and canonical name."""
    holders: dict[str, set[str]] = {}
    for alias, canonical in session.execute(select(HolderAlias.alias, HolderAlias.canonical)):
        holders.setdefault(name_key(canonical), {canonical}).add(alias)
    found: dict[str, list[str]] = {}
    for names in holders.values():
        for name in names:
            found[name_key(name)] = sorted(n for n in names if name_key(n) != name_key(name))
    return found

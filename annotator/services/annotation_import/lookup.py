"""Find the passages, users and labels that imported lines name."""

from __future__ import annotations

import secrets
from collections import OrderedDict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.models import Article, Label, LabelSet, Passage, User
from annotator.services.annotation_import.lines import LineInvalid
from annotator.services.annotation_import.proposals import Locator
from annotator.services.users import create_user

PASSAGE_CACHE_ARTICLES = 64


@dataclass(frozen=True)
class PassageRef:
    id: int
    text: str


class Lookup:
    """Caches for one import: articles by uid, their passages by offsets, users, labels."""

    def __init__(self, session: Session, create_users: bool, actor_id: int | None) -> None:
        self.session = session
        self.create_users = create_users
        self.actor_id = actor_id
        self._articles: dict[str, int | None] = {}
        # Lines come grouped by article, so a few articles' passages cover a whole file.
        self._passages: OrderedDict[int, dict[tuple[int, int], PassageRef]] = OrderedDict()
        self._users: dict[str, int] = {}
        sets = session.scalars(select(LabelSet)).all()
        self.set_ids = {s.name: s.id for s in sets}
        labels = session.execute(select(Label.id, Label.label_set_id, Label.name)).all()
        self.label_ids: dict[tuple[int, str], int] = {
            (row.label_set_id, row.name): row.id for row in labels
        }
        self.label_names: dict[int, str] = {row.id: row.name for row in labels}

    def label_id(self, set_name: str, label: str) -> int:
        return self.label_ids[(self.set_ids[set_name], label)]

    def passage(self, article_uid: str, start: int, end: int, text: str | None) -> PassageRef:
        """The passage at these offsets of the article with this content hash prefix."""
        article_id = self._article(article_uid)
        if article_id is None:
            raise LineInvalid(
                f"article_id: no article {article_uid}; import the same article file first"
            )
        found = self._article_passages(article_id).get((start, end))
        if found is None:
            raise LineInvalid(
                f"start/end: article {article_uid} has no passage at {start}-{end} "
                "(was it segmented differently?)"
            )
        if text is not None and found.text != text:
            raise LineInvalid("text: differs from the stored passage at these offsets")
        return found

    def locate(self, locator: Locator) -> PassageRef:
        """The passage a record names: by stable id, by article and offsets, or by exact text."""
        if locator.passage_id is not None:
            found = self._by_uid(locator.passage_id)
            article = locator.article_id
            if article is not None and not locator.passage_id.startswith(article + "-"):
                raise LineInvalid(f"article_id: passage {locator.passage_id} is not in {article}")
        elif None not in (locator.article_id, locator.start, locator.end):
            assert locator.article_id and locator.start is not None and locator.end is not None
            text = locator.text
            found = self.passage(locator.article_id, locator.start, locator.end, text)
        elif locator.text is not None:
            found = self._by_text(locator.text, locator.article_id)
        else:
            raise LineInvalid(
                "no passage named: give its id, article_id with start and end, or its exact text"
            )
        if locator.text is not None and found.text != locator.text:
            raise LineInvalid("text: differs from the stored passage")
        return found

    def _by_uid(self, uid: str) -> PassageRef:
        row = self.session.execute(
            select(Passage.id, Passage.text).where(Passage.uid == uid)
        ).one_or_none()
        if row is None:
            raise LineInvalid(f"id: no passage {uid}; import the same article file first")
        return PassageRef(row.id, row.text)

    def _by_text(self, text: str, article_uid: str | None) -> PassageRef:
        # One query per record: passages.text has no index, but records that name a
        # passage only by its text come from tools that kept nothing else.
        query = select(Passage.id, Passage.text).where(Passage.text == text).limit(2)
        if article_uid is not None:
            article_id = self._article(article_uid)
            if article_id is None:
                raise LineInvalid(f"article_id: no article {article_uid}")
            query = query.where(Passage.article_id == article_id)
        rows = self.session.execute(query).all()
        if not rows:
            raise LineInvalid("text: no passage has exactly this text; import its article first")
        if len(rows) > 1:
            raise LineInvalid("text: several passages have this text; name one by id")
        return PassageRef(rows[0].id, rows[0].text)

    def _article(self, uid: str) -> int | None:
        if uid not in self._articles:
            # The schema allows only hex digits here, so LIKE sees no wildcards.
            self._articles[uid] = self.session.scalar(
                select(Article.id).where(Article.content_hash.startswith(uid))
            )
        return self._articles[uid]

    def _article_passages(self, article_id: int) -> dict[tuple[int, int], PassageRef]:
        passages = self._passages.get(article_id)
        if passages is None:
            rows = self.session.execute(
                select(Passage.id, Passage.start, Passage.end, Passage.text).where(
                    Passage.article_id == article_id
                )
            )
            passages = {(r.start, r.end): PassageRef(r.id, r.text) for r in rows}
            self._passages[article_id] = passages
            if len(self._passages) > PASSAGE_CACHE_ARTICLES:
                self._passages.popitem(last=False)
        self._passages.move_to_end(article_id)
        return passages

    def check_user(self, username: str, where: str) -> int | None:
        """The id of the user with this name; None for one that the import will create."""
        if username not in self._users:
            user_id = self.session.scalar(select(User.id).where(User.username == username))
            if user_id is None:
                if not self.create_users:
                    raise LineInvalid(
                        f"{where}: no user {username!r}; create it or pass --create-users"
                    )
                if not username.strip() or username != username.strip():
                    raise LineInvalid(f"{where}: {username!r} cannot be a username")
                return None
            self._users[username] = user_id
        return self._users[username]

    def user_id(self, username: str, known: int | None) -> int:
        """The id of a checked user, creating it (deactivated) on first use."""
        if known is not None:
            return known
        if username not in self._users:
            # An account that only holds imported work: it cannot sign in until an
            # admin sets a password and activates it.
            user = create_user(
                self.session, username, secrets.token_urlsafe(24), actor_id=self.actor_id
            )
            user.active = False
            self._users[username] = user.id
        return self._users[username]

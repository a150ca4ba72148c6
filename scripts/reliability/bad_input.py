"""Bad input by category against the real app: counts of answers, 5xx, silent refusals, writes.

    python -m scripts.reliability.bad_input --db sqlite --db postgresql

The catalogue is in bad_input_cases.py. Each case goes through Flask's test client to an
app made as production makes it (CSRF on): API calls with an editor's token, files through
the admin's upload page. A refusal must be a 4xx (an upload: a rejected file) with a message
and must leave every table as it was; hostile but valid text may be accepted, and then the
stored passages' offsets must still hold. Exits 1 on any 5xx, silent refusal, write on
refusal, accepted case that must be refused, or offset mismatch.
"""

from __future__ import annotations

import argparse
import html
import io
import json
import re
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from scripts.reliability.bad_input_cases import Case, catalogue
from scripts.reliability.fuzz import fingerprint

UPLOAD_LIMIT = 1024 * 1024  # smaller than production's 50 MB so the run stays quick
FILE_LIMIT = 256 * 1024
REJECTED_ROW = re.compile(r'<tr class="status-rejected">.*?</tr>', re.S)
ERROR_TEXT = re.compile(r'class="error"[^>]*>\s*([^<\s][^<]*)<')  # other attributes may follow
COUNTERS = (
    "tried",
    "accepted",
    "refused",
    "server_errors",
    "refusals_without_message",
    "writes_on_refusal",
    "accepted_but_must_refuse",
    "refused_but_must_accept",
)


@dataclass
class Outcome:
    """What one category's cases got back."""

    counts: Counter[str] = field(default_factory=Counter)
    statuses: Counter[int] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    answers: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            **{k: self.counts[k] for k in COUNTERS},
            "statuses": {str(k): v for k, v in sorted(self.statuses.items())},
            "failures": self.failures[:5],
            "answers": self.answers,
        }


@dataclass
class Ids:
    """The rows a case's URL may name."""

    passage: int
    article: int
    other_passage: int
    other_article: int
    other_token: int
    own_token: int
    spare: list[int]  # passages handed out one by one as `{fresh}`

    def fields(self, fresh: bool) -> dict[str, int]:
        """Values for a case's URL; a new `{fresh}` passage if it names one."""
        spare = self.spare.pop() if fresh and self.spare else self.passage
        return {**{k: v for k, v in vars(self).items() if k != "spare"}, "fresh": spare}


def refusal_message(status: int, body: bytes, content_type: str | None) -> str:
    """The message a refusal carries: JSON `error`, or a page's `class="error"` text."""
    if content_type and content_type.startswith("application/json"):
        try:
            found = json.loads(body)
        except ValueError:
            return ""
        return found.get("error") or "" if isinstance(found, dict) else ""
    page = body.decode("utf-8", "replace")
    rows = REJECTED_ROW.findall(page) if status < 400 else [page]
    messages = [ERROR_TEXT.search(row) for row in rows]
    return "; ".join(html.unescape(m.group(1).strip()) for m in messages if m) or ""


def send(case: Case, ids: Ids, api: FlaskClient, admin: FlaskClient, csrf: str) -> Any:
    """Make the case's request; an upload goes to /import, the rest to the API."""
    if case.upload:
        name, data = case.upload
        form = {"files": [(io.BytesIO(data), name)], "csrf_token": csrf}
        return admin.post("/import?lang=en", data=form, content_type="multipart/form-data")
    url = case.url.format(**ids.fields("{fresh}" in case.url))
    if case.session:
        return admin.open(url, method=case.method, data={"csrf_token": csrf})
    return api.open(url, method=case.method, data=case.body, content_type="application/json")


def judge(case: Case, response: Any, wrote: bool, outcome: Outcome) -> None:
    """Count one answer and note what was wrong with it."""
    status = response.status_code
    outcome.statuses[status] += 1
    outcome.counts["tried"] += 1
    where = f"{case.name} -> {status}"
    if status >= 500:
        outcome.counts["server_errors"] += 1
        outcome.failures.append(where)
        outcome.answers[case.name] = f"{status} server error"
        return
    body = response.get_data()
    refused = status >= 400 or (case.upload is not None and b"status-rejected" in body)
    message = refusal_message(status, body, response.content_type) if refused else ""
    answer = f"{status} refused: {message[:100]}" if refused else f"{status} accepted"
    outcome.answers[case.name] = answer
    if not refused:
        outcome.counts["accepted"] += 1
        if case.expect == "refuse":
            outcome.counts["accepted_but_must_refuse"] += 1
            outcome.failures.append(where + " accepted")
        return
    outcome.counts["refused"] += 1
    if case.expect == "accept":
        outcome.counts["refused_but_must_accept"] += 1
        outcome.failures.append(f"{case.name} -> {answer}")
    if not message:
        outcome.counts["refusals_without_message"] += 1
        outcome.failures.append(where + " without a message")
    if wrote:
        outcome.counts["writes_on_refusal"] += 1
        outcome.failures.append(where + " wrote")


def offset_mismatches() -> int:
    """Passages whose text is not their article's text between their offsets."""
    from annotator.extensions import db
    from annotator.models import Article, Passage

    rows = db.session.execute(
        select(Article.text, Passage.start, Passage.end, Passage.text).join(
            Passage, Passage.article_id == Article.id
        )
    )
    return sum(text[start:end] != passage for text, start, end, passage in rows)


def run_cases(
    app: Flask, cases: list[Case], ids: Ids, token: str, admin: FlaskClient, csrf: str
) -> dict[str, Outcome]:
    """Send every case; outcomes by category.

    Requests run outside any app context: one held open would hand each request the last
    one's `g`, and with it a stale user and CSRF token.
    """
    from annotator.extensions import db

    def tables() -> tuple[object, ...]:
        with app.app_context():
            return fingerprint(db.session)

    api = app.test_client()
    api.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    outcomes: dict[str, Outcome] = {}
    for case in cases:
        before = tables()
        response = send(case, ids, api, admin, csrf)
        response.close()
        judge(case, response, tables() != before, outcomes.setdefault(case.category, Outcome()))
    return outcomes


def sign_in_admin(app: Flask, password: str) -> tuple[FlaskClient, str]:
    """A client signed in through the form, and its CSRF token."""
    client = app.test_client()
    pattern = re.compile(r'name="csrf[-_]token" (?:content|value)="([^"]+)"')
    token = pattern.search(client.get("/login").text)
    assert token, "no CSRF token on the sign-in page"
    form = {"username": "admin", "password": password, "csrf_token": token.group(1)}
    response = client.post("/login", data=form)
    assert response.status_code == 302, response.status_code
    token = pattern.search(client.get("/import").text)
    assert token, "no CSRF token on the import page"
    return client, token.group(1)


def bad_input_on(target: Any, cases: list[Case] | None = None) -> dict[str, Any]:
    """Prepare the database, send the catalogue, report per category."""
    from annotator import create_app
    from annotator.extensions import db
    from annotator.models import ApiToken, Article, ArticleEditor, Passage, User
    from annotator.services.tokens import create_token
    from annotator.services.users import create_user
    from scripts.reliability.databases import PASSWORD, SECRET_KEY, prepare

    prepare(target, editors=2, articles=2)
    app = create_app(
        {
            "DATABASE_URL": target.url,
            "SECRET_KEY": SECRET_KEY,
            "INSTANCE_PATH": str(target.instance),
            "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",
            "MAX_CONTENT_LENGTH": UPLOAD_LIMIT,
            "MAX_IMPORT_BYTES": FILE_LIMIT,
        }
    )
    with app.app_context():
        admin_user = create_user(db.session, "admin", PASSWORD, role="admin")
        editor, other = db.session.scalars(select(User).order_by(User.id).limit(2)).all()
        _, token = create_token(db.session, editor, "bad input")
        create_token(db.session, other, "someone else's")
        own_token = create_token(db.session, admin_user, "the admin's own")[0].id
        mine, theirs = db.session.scalars(select(Article.id).order_by(Article.id)).all()
        db.session.add(ArticleEditor(article_id=theirs, user_id=other.id))
        db.session.commit()

        def body_passages(article: int) -> list[int]:
            query = select(Passage.id).where(Passage.article_id == article, Passage.kind == "body")
            return list(db.session.scalars(query.order_by(Passage.id)))

        other_token = db.session.scalars(select(ApiToken.id).where(ApiToken.user_id == other.id))
        passages = body_passages(mine)
        ids = Ids(
            passages[0],
            mine,
            body_passages(theirs)[0],
            theirs,
            other_token.one(),
            own_token,
            passages[1:],
        )
    admin, csrf = sign_in_admin(app, PASSWORD)
    chosen = cases if cases is not None else catalogue(UPLOAD_LIMIT, FILE_LIMIT)
    outcomes = run_cases(app, chosen, ids, token, admin, csrf)
    with app.app_context():
        mismatches = offset_mismatches()
        db.session.remove()
        db.engine.dispose()
    categories = {name: outcome.as_dict() for name, outcome in outcomes.items()}
    totals = {k: sum(c[k] for c in categories.values()) for k in COUNTERS}
    return {
        "database": target.kind,
        **totals,
        "offset_mismatches": mismatches,
        "categories": categories,
    }


def passed(result: dict[str, Any]) -> bool:
    bad = (
        "server_errors",
        "refusals_without_message",
        "writes_on_refusal",
        "accepted_but_must_refuse",
        "refused_but_must_accept",
        "offset_mismatches",
    )
    return all(result[k] == 0 for k in bad)


def main(argv: list[str] | None = None) -> int:
    from scripts.reliability.databases import fresh_database

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", action="append", choices=["sqlite", "postgresql"])
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    results = []
    with tempfile.TemporaryDirectory(prefix="annotator-bad-input-") as tmp:
        for kind in args.db or ["sqlite", "postgresql"]:
            with fresh_database(kind, Path(tmp)) as target:
                result = bad_input_on(target)
            print(json.dumps(result, ensure_ascii=False), flush=True)
            results.append(result)
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0 if all(passed(r) for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())

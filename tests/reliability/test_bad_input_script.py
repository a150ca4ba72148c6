"""The bad-input script on a few cases per category, and proof that its judge can fail."""

from __future__ import annotations

import itertools

from flask import Flask

from scripts.reliability.bad_input import FILE_LIMIT, UPLOAD_LIMIT, Outcome, bad_input_on, judge
from scripts.reliability.bad_input import passed as bad_input_passed
from scripts.reliability.bad_input_cases import Case, catalogue
from scripts.reliability.databases import Target


def test_a_few_cases_of_every_category_are_refused_cleanly(target: Target) -> None:
    # Bodies past werkzeug's 500 KB spooling threshold stay out: its multipart parser leaves
    # the temporary file of a body cut off at the limit to the garbage collector, a
    # ResourceWarning that filterwarnings=error turns into a failure. The script sends them.
    small = [
        c for c in catalogue(UPLOAD_LIMIT, FILE_LIMIT) if not c.upload or len(c.upload[1]) < 500_000
    ]
    by_category = itertools.groupby(small, lambda c: c.category)
    sample = [case for _, cases in by_category for case in list(cases)[:3]]
    result = bad_input_on(target, sample)
    assert len(result["categories"]) >= 13, result["categories"].keys()
    assert result["tried"] == len(sample)
    assert result["refused"] > len(sample) // 2, result
    assert bad_input_passed(result), result


def _answer(status: int, body: str, content_type: str = "application/json"):  # type: ignore[no-untyped-def]
    return Flask(__name__).response_class(body, status=status, content_type=content_type)


def test_the_judge_counts_every_kind_of_failure() -> None:
    outcome = Outcome()
    case = Case("c", "put")
    judge(case, _answer(500, '{"error": "boom"}'), wrote=False, outcome=outcome)
    judge(case, _answer(400, '{"error": ""}'), wrote=False, outcome=outcome)
    judge(case, _answer(422, "<p>nothing</p>", "text/html"), wrote=False, outcome=outcome)
    judge(case, _answer(409, '{"error": "stale"}'), wrote=True, outcome=outcome)
    judge(case, _answer(200, "{}"), wrote=True, outcome=outcome)
    upload = Case("c", "file", upload=("a.txt", b""))
    rejected_silently = '<tr class="status-rejected"><td>a.txt</td></tr>'
    judge(upload, _answer(200, rejected_silently, "text/html"), wrote=False, outcome=outcome)
    rejected = '<tr class="status-rejected"><td><span class="error">empty file</span></td></tr>'
    judge(upload, _answer(200, rejected, "text/html"), wrote=False, outcome=outcome)
    counts = outcome.as_dict()
    assert counts["tried"] == 7
    assert counts["server_errors"] == 1
    assert counts["refusals_without_message"] == 3
    assert counts["writes_on_refusal"] == 1
    assert counts["accepted_but_must_refuse"] == 1
    assert counts["refused"] == 5

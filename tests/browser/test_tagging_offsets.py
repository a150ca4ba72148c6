"""The page's offset arithmetic (static/tagging/spans.js) against Python, in Chromium.

Python strings index code points, so Python is the reference: many random cases, one call.
"""

from __future__ import annotations

import random

from annotator.extensions import db
from annotator.models import Passage
from annotator.services.tokenizer import get_tokenizer
from tests.browser.tagging_helpers import utf16

ALPHABET = "开源模型滥用偏见 \n\tAIabc,。𠮷😀👍🏽\u3000"

RUN_JS = """async ([conversions, snaps]) => {
  const m = await import('/static/tagging/spans.js');
  const converted = conversions.map(([text, units, isEnd]) =>
    m.unitsToCodePoints(m.codePointStarts(text), units, isEnd));
  const snapped = snaps.map(([text, tokens, start, end]) => {
    const trimmed = m.trimRange(Array.from(text), start, end);
    return trimmed.start === trimmed.end
      ? [trimmed.start, trimmed.end]
      : Object.values(m.snapToTokens(tokens, trimmed.start, trimmed.end));
  });
  return [converted, snapped];
}"""


def expected_code_points(text: str, units: int, is_end: bool) -> int:
    """The code point at a UTF-16 offset; inside a surrogate pair, outward."""
    count = 0
    for index, char in enumerate(text):
        before = utf16(text, index)
        width = 2 if ord(char) > 0xFFFF else 1
        if units <= before:
            return count
        if units < before + width:  # between the two halves
            return count + 1 if is_end else count
        count += 1
    return count


def test_offsets_and_snapping_match_the_server(page, live_server):
    rng = random.Random(20240229)
    conversions, wanted = [], []
    for _ in range(400):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 12)))
        units = rng.randint(0, utf16(text, len(text)))
        is_end = rng.random() < 0.5
        conversions.append([text, units, is_end])
        wanted.append(expected_code_points(text, units, is_end))

    with live_server.app.app_context():
        tokenizer = get_tokenizer(db.session)
        texts = [p.text for p in db.session.query(Passage).order_by(Passage.id).limit(60)]
        snaps, server = [], []
        for text in texts:
            tokens = [[t.start, t.end] for t in tokenizer.tokens(text)]
            for _ in range(8):
                start, end = sorted(rng.randint(0, len(text)) for _ in range(2))
                snaps.append([text, tokens, start, end])
                server.append(list(tokenizer.snap(text, start, end)))

    page.goto(live_server.path("/login"))
    converted, snapped = page.evaluate(RUN_JS, [conversions, snaps])
    cases = zip(conversions, converted, wanted, strict=True)
    mismatches = [(case, got, want) for case, got, want in cases if got != want]
    assert not mismatches[:5]
    assert snapped == server

"""Measure tokenizer throughput on the seeds ×20 for both engines; prints, never fails."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from annotator.text.tokenize import Tokenizer, load_default_words  # noqa: E402

REPEAT = 20


def _rate(function: Callable[[str], object], text: str) -> float:
    function("预热")  # first call pays for lazy set-up inside the engines
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        function(text)
        best = min(best, time.perf_counter() - started)
    return len(text) / best


def main() -> None:
    """Print chars/s per engine for raw segmentation, tokens() and search_text()."""
    seeds = sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))
    text = "".join(p.read_text(encoding="utf-8") for p in seeds) * REPEAT
    print(f"{len(text):,} chars (seeds ×{REPEAT})")
    rates: dict[str, float] = {}
    for engine in ("rjieba", "jieba"):
        tokenizer = Tokenizer(load_default_words(), engine=engine)
        raw = tokenizer._engine.spans  # the engine alone, before Token objects are built
        for name, function in (
            ("engine", raw),
            ("tokens", tokenizer.tokens),
            ("search_text", tokenizer.search_text),
        ):
            rates[f"{engine} {name}"] = rate = _rate(function, text)
            print(f"{engine:7} {name:12} {rate / 1e6:6.2f} M chars/s")
    for name in ("engine", "tokens", "search_text"):
        ratio = rates[f"rjieba {name}"] / rates[f"jieba {name}"]
        print(f"rjieba/jieba {name:12} {ratio:5.1f}×")


if __name__ == "__main__":
    main()

"""Build a deterministic synthetic corpus by recombining the seed articles' paragraphs."""

from __future__ import annotations

import argparse
import json
import random
from dataclasses import dataclass
from pathlib import Path

from annotator.text.normalise import normalise
from annotator.text.pipeline import prepare_article

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
DEFAULT_ARTICLES = 2000
DEFAULT_SEED = 20190222
# Paragraphs per article: uniform in this range; the seeds' paragraphs average 67 characters,
# so the mean (125) lands near the 131 passages and 8,875 characters per article.
PARAGRAPHS = (55, 195)
OUTLETS = ("新智元", "机器之心", "量子位", "雷锋网", "AI科技评论", "澎湃新闻")


@dataclass(frozen=True)
class CorpusStats:
    """What a corpus holds, as the benchmarks report it."""

    articles: int
    passages: int
    chars: int
    article_chars: int
    folder: Path

    def as_dict(self) -> dict[str, object]:
        return {
            "articles": self.articles,
            "passages": self.passages,
            "chars": self.chars,
            "article_chars": self.article_chars,
        }


def seed_paragraphs(seeds: Path = SEEDS) -> tuple[list[str], list[str]]:
    """Titles (first lines) and every other non-blank line of the seed articles."""
    titles: list[str] = []
    paragraphs: list[str] = []
    for path in sorted(seeds.glob("*.txt")):
        lines = [ln.strip() for ln in normalise(path.read_text(encoding="utf-8")).split("\n")]
        lines = [ln for ln in lines if ln]
        titles.append(lines[0])
        paragraphs.extend(lines[1:])
    return titles, paragraphs


def article_text(number: int, rng: random.Random, titles: list[str], paragraphs: list[str]) -> str:
    """One article: a numbered headline, a dateline, then paragraphs drawn without repeats."""
    count = min(rng.randint(*PARAGRAPHS), len(paragraphs))
    title = f"{rng.choice(titles)}(合辑 {number:05d})"
    dateline = (
        f"{rng.randint(2017, 2024)} 年 {rng.randint(1, 12)} 月 {rng.randint(1, 28)} 日 "
        f"{rng.choice(OUTLETS)}"
    )
    body = rng.sample(paragraphs, count)
    return "\n\n".join([title, dateline, *body]) + "\n"


def make_corpus(
    folder: Path, articles: int = DEFAULT_ARTICLES, seed: int = DEFAULT_SEED
) -> CorpusStats:
    """Write txt/NNNNN.txt, articles.jsonl, passages.jsonl in `folder`; same seed, same bytes."""
    rng = random.Random(seed)
    titles, paragraphs = seed_paragraphs()
    txt = folder / "txt"
    txt.mkdir(parents=True, exist_ok=True)
    for old in txt.glob("*.txt"):
        old.unlink()
    passages = chars = article_chars = 0
    with (
        (folder / "articles.jsonl").open("w", encoding="utf-8") as articles_out,
        (folder / "passages.jsonl").open("w", encoding="utf-8") as passages_out,
    ):
        for number in range(articles):
            text = article_text(number, rng, titles, paragraphs)
            (txt / f"{number:05d}.txt").write_text(text, encoding="utf-8")
            record = {"text": text, "source": "benchmark", "meta": {"synthetic": number}}
            articles_out.write(json.dumps(record, ensure_ascii=False) + "\n")
            prepared = prepare_article(text)
            article_chars += len(prepared.text)
            uid = prepared.content_hash[:16]
            for p in prepared.passages:
                row = {
                    "article": uid,
                    "index": p.index,
                    "start": p.start,
                    "end": p.end,
                    "kind": p.kind,
                    "text": p.text,
                }
                passages_out.write(json.dumps(row, ensure_ascii=False) + "\n")
                chars += len(p.text)
            passages += len(prepared.passages)
    stats = CorpusStats(articles, passages, chars, article_chars, folder)
    record = {**stats.as_dict(), "seed": seed}
    (folder / "stats.json").write_text(json.dumps(record) + "\n", encoding="utf-8")
    return stats


def main() -> None:
    """Command line: python -m benchmarks.make_corpus OUT [--articles N] [--seed S]."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, default=DEFAULT_ARTICLES)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args()
    stats = make_corpus(args.out, args.articles, args.seed)
    print(
        f"{stats.articles:,} articles, {stats.passages:,} passages, "
        f"{stats.chars:,} passage characters ({stats.article_chars:,} in articles) in {args.out}"
    )


if __name__ == "__main__":
    main()

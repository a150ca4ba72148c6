"""Time import (with index text and near-duplicate linking), re-indexing and search.

    python benchmarks/bench_search.py                      # the seeds, then 300 synthetic articles
    python benchmarks/bench_search.py --articles 2000      # a bigger synthetic corpus
    python benchmarks/bench_search.py --database-url postgresql://root@127.0.0.1:5432/bench

Synthetic articles are random word sequences drawn from the seeds' own tokens (so the
vocabulary is the newsroom's, but passages do not repeat). Prints numbers; never fails.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ["偏见", "开源", "LeCun", "GPT-2", "数据集 偏见", "模型", "的"]


def synthetic_articles(n: int, seed: int = 11) -> list[str]:
    """Articles of 20-40 paragraphs of 40-200 characters of seed words in random order."""
    from annotator.text.tokenize import default_tokenizer

    tokenizer = default_tokenizer()
    words = [
        t.word
        for path in sorted((ROOT / "seeds").glob("*.txt"))
        for t in tokenizer.tokens(path.read_text(encoding="utf-8"))
        if not t.word.isspace()
    ]
    rng = random.Random(seed)
    articles = []
    for i in range(n):
        paragraphs = [f"合成文章 {i}"]
        for _ in range(rng.randint(20, 40)):
            size, para = rng.randint(40, 200), ""
            while len(para) < size:
                para += rng.choice(words)
            paragraphs.append(para)
        articles.append("\n\n".join(paragraphs))
    return articles


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--database-url", help="default: a temporary SQLite file")
    args = parser.parse_args()

    from sqlalchemy import func, select

    from annotator import create_app
    from annotator.extensions import db
    from annotator.models import Article, Passage, PassageLink
    from annotator.services import duplicates, wordlists
    from annotator.services.importing import collect_paths, import_file
    from annotator.services.importing.store import ImportOptions
    from annotator.services.schema import apply_schema, default_schema
    from annotator.services.search import reindex_articles, search_passages, stale_article_ids
    from annotator.services.setup import upgrade_database
    from annotator.services.tokenizer import get_tokenizer

    folder = Path(tempfile.mkdtemp(prefix="bench-search-"))
    url = args.database_url or f"sqlite:///{folder / 'bench.sqlite3'}"
    app = create_app({"SECRET_KEY": "bench", "DATABASE_URL": url, "INSTANCE_PATH": str(folder)})
    linking = 0.0
    original = duplicates.link_near_duplicates

    def timed_link(session, ids):  # type: ignore[no-untyped-def]
        nonlocal linking
        start = time.perf_counter()
        try:
            return original(session, ids)
        finally:
            linking += time.perf_counter() - start

    import annotator.services.importing.store as store

    store.link_near_duplicates = timed_link
    with app.app_context():
        upgrade_database()
        apply_schema(db.session, default_schema(), note="bench")
        db.session.commit()
        tokenizer = get_tokenizer(db.session)

        def reindex_all(label: str) -> None:
            start = time.perf_counter()
            total = 0
            while ids := stale_article_ids(db.session, get_tokenizer(db.session), limit=20):
                total += reindex_articles(db.session, get_tokenizer(db.session), ids)
                db.session.commit()
            passages = db.session.scalar(select(func.count(Passage.id)))
            took = time.perf_counter() - start
            print(
                f"{label}: re-indexed {passages} passages ({total} changed) in {took:.2f} s"
                f" = {passages / took:,.0f} passages/s"
            )

        def bump_dictionary(word: str) -> None:
            wordlists.add_dictionary_word(db.session, word, 2000)
            db.session.commit()

        start = time.perf_counter()
        for path in collect_paths([ROOT / "seeds"]):
            import_file(db.session, path, tokenizer, ImportOptions())
        db.session.commit()
        seeds_time = time.perf_counter() - start
        print(f"seeds: imported in {seeds_time:.2f} s (near-duplicate linking {linking:.2f} s)")
        bump_dictionary("大感震惊")
        reindex_all("seeds")

        texts = synthetic_articles(args.articles)
        linking = 0.0
        start = time.perf_counter()
        for i, text in enumerate(texts):
            import_file(
                db.session,
                Path(f"synthetic-{i}.txt"),
                get_tokenizer(db.session),
                ImportOptions(),
                data=text.encode("utf-8"),
            )
            db.session.commit()
        took = time.perf_counter() - start
        passages = db.session.scalar(select(func.count(Passage.id)))
        chars = db.session.scalar(select(func.sum(func.length(Article.text))))
        links = db.session.scalar(select(func.count()).select_from(PassageLink))
        print(
            f"synthetic: {args.articles} articles imported in {took:.2f} s "
            f"({chars / took:,.0f} chars/s; near-duplicate linking {linking:.2f} s, {links} links)"
        )
        bump_dictionary("合成文章")
        reindex_all(f"all {passages} passages")
        for query in QUERIES:
            start = time.perf_counter()
            page = search_passages(db.session, get_tokenizer(db.session), query)
            took = (time.perf_counter() - start) * 1000
            print(f"search {query!r}: {page.total} matches, first page in {took:.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

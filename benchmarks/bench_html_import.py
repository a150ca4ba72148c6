"""Import the same articles as saved web pages and as .txt: HTML must stay within 2× of text.

Each corpus article (benchmarks/make_corpus.py) is written twice: as the .txt it is, and as
a news page holding the same paragraphs inside the furniture a real page carries (<head>
metadata and JSON-LD, navigation, breadcrumbs, a related list, comments, a footer, inline
scripts and a stylesheet).  Two figures, each HTML beside its .txt limit:

* prepare: what an import worker does per file (read, decode, lay out, find the body,
  segment, index, sign), in this process, one file after another;
* import: `annotator import FOLDER` into a fresh SQLite database, end to end (process
  start, tokenizer load, worker pool, inserts and commits included: what an editor waits for).

Wall and CPU ratios are both printed: on a shared machine the CPU ratio is the steadier one.

Prints the ratios; never fails on speed.  `python -m benchmarks.bench_html_import
[--articles 200] [--work DIR]`.
"""

from __future__ import annotations

import argparse
import html
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.make_corpus import DEFAULT_SEED, make_corpus
from benchmarks.measure import clock, load_average, run_measured

LIMIT = 2.0
ANNOTATOR = [sys.executable, "-m", "annotator"]
_NAV = "".join(f'<li><a href="/c/{i}">栏目{i}</a></li>' for i in range(10))
_RELATED = "".join(
    f'<li><a href="/a/{i}">相关文章标题第{i}篇,讲模型与数据</a></li>' for i in range(8)
)
_COMMENTS = "".join(
    f'<div class="comment"><span>网友{i}</span><p>第{i}条评论:说得有道理,期待后续。</p></div>'
    for i in range(5)
)
_SCRIPT = "<script>var state = " + json.dumps({"ads": list(range(200))}) + ";</script>"


def page_for(text: str, number: int) -> str:
    """A saved news page around one article's lines: its title, then one <p> per line."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    title, paragraphs = html.escape(lines[0]), lines[1:]
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{title} - 前沿AI观察</title>
<meta property="og:title" content="{title}"><meta property="og:site_name" content="前沿AI观察">
<meta property="article:published_time" content="2023-05-{number % 28 + 1:02d}T09:30:00+08:00">
<script type="application/ld+json">{{"@type": "NewsArticle", "headline": "{title}"}}</script>
<style>body {{ font-family: sans-serif }} .ad {{ display: none }}</style>{_SCRIPT}</head>
<body><header class="site-header"><nav><ul>{_NAV}</ul></nav></header>
<div class="breadcrumb"><a href="/">首页</a> &gt; 正文</div>
<main><article><h1>{title}</h1><div class="meta">作者:记者{number}</div>
{body}
</article><aside class="related"><h3>相关推荐</h3><ul>{_RELATED}</ul></aside>
<section id="comments">{_COMMENTS}</section></main>
<footer><p>关于我们 | 联系我们</p><p>© 2023 前沿AI观察 版权所有</p></footer>{_SCRIPT}
</body></html>
"""


def write_pages(corpus: Path) -> Path:
    """corpus/html/NNNNN.html beside corpus/txt/NNNNN.txt, the same articles."""
    folder = corpus / "html"
    folder.mkdir(exist_ok=True)
    for number, path in enumerate(sorted((corpus / "txt").glob("*.txt"))):
        page = page_for(path.read_text(encoding="utf-8"), number)
        (folder / f"{path.stem}.html").write_text(page, encoding="utf-8")
    return folder


def prepare_all(folder: Path) -> dict[str, Any]:
    """Prepare every file of a folder in this process, as one import worker would."""
    from annotator.services.importing import collect_paths
    from annotator.services.importing.prepare import ImportOptions, prepare_file
    from annotator.text.tokenize import Tokenizer, load_default_words

    tokenizer = Tokenizer(load_default_words())
    tokenizer.cut("预热")
    files = list(collect_paths([folder]))
    prepare_file(files[0], tokenizer, ImportOptions())  # imports and lazy set-up, untimed
    with clock() as timed:
        prepared = [prepare_file(path, tokenizer, ImportOptions()) for path in files]
    rejected = [p.name for p in prepared if p.reason]
    if rejected:
        raise RuntimeError(f"rejected: {rejected[:3]}")
    passages = sum(len(a.passages) for p in prepared for a in p.articles)
    return {"s": round(timed.wall, 3), "cpu_s": round(timed.cpu, 3), "passages": passages}


def import_folder(folder: Path, work: Path) -> dict[str, Any]:
    """`annotator init` (untimed), then `annotator import --json FOLDER`, timed."""
    name = folder.name
    env = {
        "DATABASE_URL": f"sqlite:///{work / (name + '.sqlite3')}",
        "ANNOTATOR_INSTANCE": str(work / f"{name}-instance"),
        "SECRET_KEY": "bench",
    }
    init = run_measured([*ANNOTATOR, "init"], env=env)
    if init.returncode != 0:
        raise RuntimeError(f"annotator init failed: {init.stderr[-2000:]}")
    done = run_measured([*ANNOTATOR, "import", "--json", str(folder)], env=env)
    if done.returncode != 0:
        raise RuntimeError(f"annotator import failed: {done.stderr[-2000:]}")
    files = json.loads(done.stdout)["files"]
    return {"s": round(done.wall, 3), "cpu_s": round(done.cpu, 3), "files": len(files)}


def run(articles: int, work: Path) -> dict[str, Any]:
    """Both figures for `articles` corpus articles, HTML beside .txt."""
    corpus = work / f"corpus-{articles}"
    stats = make_corpus(corpus, articles, DEFAULT_SEED)
    pages = write_pages(corpus)
    result: dict[str, Any] = {"articles": stats.articles, "load_before": load_average()}
    for step, measure in (("prepare", prepare_all), ("import", None)):
        txt = measure(corpus / "txt") if measure else import_folder(corpus / "txt", work)
        page = measure(pages) if measure else import_folder(pages, work)
        result[step] = {
            "txt": txt,
            "html": page,
            "ratio": round(page["s"] / txt["s"], 2),
            # CPU seconds: what the pages cost when other work shares the cores.
            "cpu_ratio": round(page["cpu_s"] / txt["cpu_s"], 2),
        }
    result["load_after"] = load_average()
    return result


def main(argv: list[str] | None = None) -> None:
    """Print the HTML/.txt ratios beside the 2× limit; never fails on speed."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--work", type=Path, default=None)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-html-") as scratch:
        result = run(args.articles, args.work or Path(scratch))
    for step in ("prepare", "import"):
        figures = result[step]
        verdict = "within" if figures["ratio"] <= LIMIT else "OVER"
        print(
            f"{step:8} html {figures['html']['s']:7.2f} s   txt {figures['txt']['s']:7.2f} s   "
            f"html/txt {figures['ratio']:.2f}× (limit {LIMIT:.0f}×: {verdict}); "
            f"CPU {figures['html']['cpu_s']:.2f} / {figures['txt']['cpu_s']:.2f} s = "
            f"{figures['cpu_ratio']:.2f}×"
        )
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()

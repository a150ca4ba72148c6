"""Files and helpers for the background job tests."""

from __future__ import annotations

import json

SENTENCES = (
    "研究人员认为，开放模型权重有助于学术界复现结果并发现偏差。",
    "但也有人担心，公开发布会让不法分子更容易滥用这项技术。",
    "报道指出，训练数据中的偏差可能导致模型输出带有歧视的结果。",
    "一位专家表示，部署环境和社会背景同样会影响系统的公平性。",
)


def article_text(i: int, paragraphs: int = 6) -> str:
    """One distinct article of a few paragraphs."""
    lines = [f"第{i}篇报道：关于人工智能模型是否应当公开的讨论"]
    for p in range(paragraphs):
        lines.append("".join(SENTENCES[(i + p + k) % 4] for k in range(3)) + f"（{i}-{p}）")
    return "\n\n".join(lines)


def big_jsonl(articles: int, *, broken_at: int | None = None) -> bytes:
    """A JSONL file of distinct articles (about 1 KB each); one broken line if asked."""
    lines = []
    for i in range(1, articles + 1):
        if i == broken_at:
            lines.append("{not json")
            continue
        lines.append(
            json.dumps({"title": f"报道 {i}", "text": article_text(i)}, ensure_ascii=False)
        )
    return ("\n".join(lines) + "\n").encode("utf-8")


def multipart(field: str, filename: str, data: bytes) -> tuple[bytes, str]:
    """A multipart/form-data body with one file, encoded here.

    werkzeug's test client spools a body over 500 KB it encodes into a temporary file it
    leaves to the garbage collector (a ResourceWarning, an error under this suite's
    filterwarnings); a body handed over as bytes is not spooled.
    """
    boundary = "----annotator-test-boundary"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; '
        f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'
    ).encode()
    body = head + data + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"

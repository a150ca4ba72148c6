"""What a page states about itself: title, publication date, outlet, author and canonical URL.

Values are taken as the page writes them (white space collapsed, nothing
else): trafilatura's normalised metadata is no use here, it turns the site
name 前沿AI观察 into 前沿Ai观察.  Each field has an order of sources, first
found wins:

* title: og:title, then <title> without the site's suffix, then the first <h1>;
* date: article:published_time, JSON-LD datePublished, a <time datetime>
  outside the page's navigation, comments and related lists (the page's own
  time, not a related story's), else None and the importer reads the text;
* source: og:site_name, else None (the text, then --source);
* author: <meta name="author">, then JSON-LD author names;
* URL: <link rel="canonical">, then og:url, only absolute http(s) URLs.

The date keeps the day the page states, in the page's own time zone:
"2023-05-16T01:30:00+08:00" is 16 May, as the reader of that page saw it.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import Any

from lxml import html as lxml_html

from annotator.text.meta import TITLE_MAX, find_date
from annotator.text.webpage.content import landmark_reason

__all__ = ["PageMeta", "page_meta", "strip_site_suffix"]

_SPACE = re.compile(r"\s+")
# " - ", " | ", "_", "｜" … between a headline and the site's name; a bare "-" is not
# one, or "GPT-2" would be cut.
_SUFFIX_SEPARATOR = re.compile(r"\s+[-–—|·]\s+|\s*[_｜]\s*|\s*\|\s*")
_URL = re.compile(r"https?://\S+", re.IGNORECASE)


@dataclass(frozen=True)
class PageMeta:
    """The page's own statements; None where it makes none."""

    title: str | None
    published: datetime.date | None
    published_precision: str | None
    source: str | None
    author: str | None
    url: str | None


def page_meta(root: lxml_html.HtmlElement, shown: Collection[str] = ()) -> PageMeta:
    """Read the page's metadata from its <head>, JSON-LD and markup; `shown`: its block texts."""
    metas = _meta_values(root)
    linked = list(_json_ld(root))
    site = _first(metas, "og:site_name")
    heading = next((_clean(h.text_content()) for h in root.iter("h1")), None) or None
    title_tag = next((_clean(t.text_content()) for t in root.iter("title")), None)
    title = (
        _first(metas, "og:title")
        or (strip_site_suffix(title_tag, site, {*shown, heading or ""}) if title_tag else None)
        or heading
    )
    published, precision = _published(root, metas, linked)
    author = _first(metas, "author") or _json_ld_authors(linked)
    canonical = [
        link.get("href") or ""
        for link in root.iter("link")
        if "canonical" in (link.get("rel") or "").lower().split()
    ]
    url = next(
        (_clean(u) for u in [*canonical, *metas.get("og:url", [])] if _URL.fullmatch(_clean(u))),
        None,
    )
    return PageMeta(title[:TITLE_MAX] if title else None, published, precision, site, author, url)


def strip_site_suffix(title: str, site: str | None, shown: Collection[str] = ()) -> str:
    """The <title> without the site's name after it ("标题 - 前沿AI观察" → "标题").

    In order: the longest part before a separator that the page also shows as a block
    (its headline), the part before the site's name, the part before the last separator.
    """
    cuts = list(_SUFFIX_SEPARATOR.finditer(title))
    if not cuts:
        return title
    for cut in reversed(cuts):
        if title[: cut.start()] in shown:
            return title[: cut.start()]
    if site:
        for cut in cuts:
            rest = title[cut.end() :]
            if site in rest or rest in site:
                return title[: cut.start()] or title
    return title[: cuts[-1].start()] or title


def _meta_values(root: lxml_html.HtmlElement) -> dict[str, list[str]]:
    values: dict[str, list[str]] = {}
    for meta in root.iter("meta"):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop")
        content = meta.get("content")
        if key and content and content.strip():
            values.setdefault(key.strip().lower(), []).append(_clean(content))
    return values


def _first(metas: dict[str, list[str]], key: str) -> str | None:
    found = metas.get(key)
    return found[0] if found else None


def _published(
    root: lxml_html.HtmlElement, metas: dict[str, list[str]], linked: list[dict[str, Any]]
) -> tuple[datetime.date | None, str | None]:
    candidates = [
        *metas.get("article:published_time", []),
        *(str(obj["datePublished"]) for obj in linked if "datePublished" in obj),
        *(t.get("datetime") or "" for t in root.iter("time") if landmark_reason(t) is None),
    ]
    for value in candidates:
        found = find_date(value)
        if found[0] is not None:
            return found
    return None, None


def _json_ld(root: lxml_html.HtmlElement) -> Iterator[dict[str, Any]]:
    """Every JSON object in the page's JSON-LD scripts, @graph members included."""
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            data = json.loads(script.text or "", strict=False)
        except ValueError:
            continue  # a broken JSON-LD block says nothing; the page still imports
        yield from _objects(data)


def _objects(data: Any) -> Iterator[dict[str, Any]]:
    stack = [data]
    while stack:
        item = stack.pop(0)
        if isinstance(item, list):
            stack[:0] = item
        elif isinstance(item, dict):
            yield item
            if isinstance(item.get("@graph"), list):
                stack[:0] = item["@graph"]


def _json_ld_authors(linked: list[dict[str, Any]]) -> str | None:
    for obj in linked:
        authors = obj.get("author")
        items = authors if isinstance(authors, list) else [authors]
        names = [name for item in items if (name := _author_name(item))]
        if names:
            return "、".join(names)
    return None


def _author_name(item: Any) -> str | None:
    """A JSON-LD author: a plain name or a Person with a name."""
    name = item.get("name") if isinstance(item, dict) else item
    return _clean(name) or None if isinstance(name, str) else None


def _clean(text: str) -> str:
    return _SPACE.sub(" ", text).strip()

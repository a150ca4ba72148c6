"""UI language: Chinese by default, English on request; catalogues merged per feature."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask, current_app, request, session
from flask_babel import get_locale
from flask_login import current_user

# Each feature keeps its own catalogue, translations/<locale>.<feature>.po, so features
# never edit the same file; they are merged into one compiled catalogue at start-up.
SOURCE_DIR = Path(__file__).parent / "translations"


def select_locale() -> str:
    """The language asked for in the URL, then the session's, then the user's, then Chinese.

    `?lang=` applies to that one request only: a GET changes nothing. The language switch
    in the top bar posts to /language, which keeps the choice in the session.
    """
    languages: list[str] = current_app.config["LANGUAGES"]
    asked = request.args.get("lang")
    if asked in languages:
        return asked
    chosen = session.get("lang")
    if chosen in languages:
        return str(chosen)
    if current_user.is_authenticated and current_user.locale in languages:
        return str(current_user.locale)
    return str(current_app.config["BABEL_DEFAULT_LOCALE"])


def this_page() -> str:
    """This page's path with its query and filters, less a one-off `lang=`: where the
    language switch comes back to (a `lang=` there would undo the choice just made)."""
    args = [(k, v) for k, v in request.args.items(multi=True) if k != "lang"]
    return f"{request.path}?{urlencode(args)}" if args else request.path


def template_globals() -> dict[str, object]:
    """Names every template may use: the current UI language and where its switch returns."""
    return {"get_locale": lambda: str(get_locale() or "zh"), "this_page": this_page}


def merged_catalog(locale: str) -> Catalog:
    """All feature catalogues of one locale merged into one."""
    merged = Catalog(locale=locale)
    for po in sorted(SOURCE_DIR.glob(f"{locale}.*.po")):
        with po.open("rb") as fh:
            for message in read_po(fh, locale=locale):
                if message.id and message.string:
                    merged[message.id] = message
    return merged


def compile_translations(app: Flask) -> None:
    """Write the merged catalogues where Flask-Babel looks, when the sources are newer."""
    target_root = Path(app.instance_path) / "translations"
    for locale in app.config["LANGUAGES"]:
        sources = list(SOURCE_DIR.glob(f"{locale}.*.po"))
        if not sources:
            continue
        target = target_root / locale / "LC_MESSAGES" / "messages.mo"
        newest = max(p.stat().st_mtime for p in sources)
        if target.exists() and target.stat().st_mtime >= newest:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".tmp")
        with tmp.open("wb") as fh:
            write_mo(fh, merged_catalog(locale))
        tmp.replace(target)  # atomic: several workers may start at once
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(target_root)

"""Every message a person can see has a Chinese translation in the merged catalogue."""

from __future__ import annotations

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir

from annotator.i18n import merged_catalog
from tests.conftest import ROOT

KEYWORDS = {"_": None, "gettext": None, "lazy_gettext": None, "_l": None, "ngettext": (1, 2)}
METHODS = [("**/templates/**.html", "jinja2"), ("**.py", "python")]


def untranslated(catalog: Catalog) -> list[str]:
    """`file: message` for each message in the code or a template with no Chinese."""
    found = []
    for filename, line, message, _comments, _context in extract_from_dir(
        str(ROOT / "annotator"),
        METHODS,
        keywords=KEYWORDS,
        options_map={"**/templates/**.html": {"extensions": "jinja2.ext.i18n"}},
    ):
        msgid = message[0] if isinstance(message, tuple) else message
        entry = catalog.get(msgid)
        strings = entry.string if entry is not None else ""
        if not (strings if isinstance(strings, str) else all(strings)):
            found.append(f"{filename}:{line}: {msgid}")
    return found


def test_every_message_in_code_and_templates_is_translated():
    assert untranslated(merged_catalog("zh")) == []


def test_the_check_finds_a_message_missing_from_the_catalogue():
    catalog = merged_catalog("zh")
    del catalog["Sign out"]
    assert any(line.endswith(": Sign out") for line in untranslated(catalog))

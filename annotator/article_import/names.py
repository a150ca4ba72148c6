"""An uploaded file's name as the pages, reports and jobs show it."""

from __future__ import annotations

import unicodedata
from pathlib import PurePosixPath, PureWindowsPath


def display_name(raw: str | None) -> str:
    """A file name fit to show: its last part only, no control characters, bounded."""
    name = PureWindowsPath(PurePosixPath(raw or "").name).name  # browsers may send C:\\x\\y.txt
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip()
    return name[:120] or "(unnamed)"

"""Import articles: read -> normalise -> segment -> store, one file per transaction.

import_files() is the entry every caller uses (see files.py); import_file() adds one
file to the caller's transaction without ending it.
"""

from annotator.services.importing.files import OnProgress, import_files, import_options
from annotator.services.importing.prepare import ImportOptions
from annotator.services.importing.readers import (
    RECOGNISED_SUFFIXES,
    SUPPORTED_SUFFIXES,
    FileRejected,
    LineError,
    RawArticle,
    read_article_file,
)
from annotator.services.importing.sources import ImportSource
from annotator.services.importing.store import FileReport, collect_paths, import_file

__all__ = [
    "RECOGNISED_SUFFIXES",
    "SUPPORTED_SUFFIXES",
    "FileRejected",
    "FileReport",
    "ImportOptions",
    "ImportSource",
    "LineError",
    "OnProgress",
    "RawArticle",
    "collect_paths",
    "import_file",
    "import_files",
    "import_options",
    "read_article_file",
]

"""Import articles: read -> normalise -> segment -> store, one file per transaction."""

from annotator.services.importing.readers import (
    RECOGNISED_SUFFIXES,
    SUPPORTED_SUFFIXES,
    FileRejected,
    LineError,
    RawArticle,
    read_article_file,
)
from annotator.services.importing.store import FileReport, collect_paths, import_file

__all__ = [
    "RECOGNISED_SUFFIXES",
    "SUPPORTED_SUFFIXES",
    "FileRejected",
    "FileReport",
    "LineError",
    "RawArticle",
    "collect_paths",
    "import_file",
    "read_article_file",
]

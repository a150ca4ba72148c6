"""The admin's import page: upload article files, one transaction and one report per file."""

from annotator.article_import.views import bp

__all__ = ["bp"]

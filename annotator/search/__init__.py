"""Search, the newsroom's dictionary, suggestions and repeated passages: pages, API, CLI."""

from annotator.search import admin, api, review  # noqa: F401  (they add routes to bp)
from annotator.search.views import bp

__all__ = ["bp"]

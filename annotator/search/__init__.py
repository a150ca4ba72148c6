"""Search: the passage search page and its JSON API."""

from annotator.search.api import bp as api_bp
from annotator.search.views import bp

__all__ = ["api_bp", "bp"]

"""Background jobs: long imports, re-indexing, training and exports off the request."""

from annotator.jobs.api import bp as api_bp
from annotator.jobs.views import bp

__all__ = ["api_bp", "bp"]

"""Background jobs: long imports, re-indexing, training and exports off the request."""

from annotator.jobs import api  # noqa: F401  (it adds routes to bp)
from annotator.jobs.views import bp

__all__ = ["bp"]

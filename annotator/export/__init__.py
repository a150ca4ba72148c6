"""The export page: download the dataset and its card (reviewers and admins)."""

from annotator.export.views import bp

__all__ = ["bp"]

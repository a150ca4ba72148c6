"""Repeated passages across articles: the reviewers' page of pairs and the links API."""

from annotator.duplicates.views import bp

__all__ = ["bp"]

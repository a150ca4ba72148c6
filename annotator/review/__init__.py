"""Adjudication pages: the review list, one passage's review with the gold form, history."""

from annotator.review.views import bp

__all__ = ["bp"]

"""The tagging screens: the articles list, the article view and the next-passage jump."""

from annotator.tagging.views import bp

__all__ = ["bp"]

"""Personal API tokens: a page to create and revoke your own."""

from annotator.tokens.views import bp

__all__ = ["bp"]

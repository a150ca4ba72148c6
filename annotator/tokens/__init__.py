"""Personal API tokens: a page to create and revoke your own; an admin page for anyone's."""

from annotator.tokens.views import bp

__all__ = ["bp"]

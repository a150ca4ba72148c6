"""Label suggestions: hints for a passage, training the suggester, the article page's chips."""

from annotator.suggestions.views import bp

__all__ = ["bp"]

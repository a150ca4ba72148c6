"""The newsroom's word lists (dictionary, holder aliases, cue words) and their admin page."""

from annotator.dictionary.views import bp

__all__ = ["bp"]

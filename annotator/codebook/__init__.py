"""The codebook pages: read, print, edit (admins), versions and outdated annotations."""

from annotator.codebook.views import bp

__all__ = ["bp"]

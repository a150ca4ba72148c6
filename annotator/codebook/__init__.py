"""The codebook pages: read, print, versions and outdated annotations; editing for admins."""

from annotator.codebook.editing import bp as editing_bp
from annotator.codebook.views import bp

__all__ = ["bp", "editing_bp"]

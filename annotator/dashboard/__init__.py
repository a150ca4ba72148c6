"""The dashboard and agreement pages for reviewers, with server-rendered SVG charts."""

from annotator.dashboard.views import bp

__all__ = ["bp"]

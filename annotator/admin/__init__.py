"""Admin pages: accounts, team settings and article restrictions; /account for everyone."""

from annotator.admin.views import bp

__all__ = ["bp"]

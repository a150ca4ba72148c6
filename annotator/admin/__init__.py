"""Admin pages: accounts, team settings and article restrictions; /account for everyone."""

from annotator.admin import layout  # noqa: F401  (adds the tagging layout route to bp)
from annotator.admin import tokens as _tokens  # noqa: F401  (adds the token pages to bp)
from annotator.admin.views import bp

__all__ = ["bp"]

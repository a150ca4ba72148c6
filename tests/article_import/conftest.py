"""Users per role and a seed article, shared with the security tests."""

from tests.security.conftest import world  # noqa: F401  (fixture)

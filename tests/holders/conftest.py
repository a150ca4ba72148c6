"""The team fixture (editors, a reviewer, one article) for the review tests."""

from tests.team.conftest import team  # noqa: F401

"""Fixtures shared with the team tests: users per role and a small article."""

from tests.team.conftest import team  # noqa: F401 - registers the fixture here

"""Fixtures shared with the team tests: users per role and a small article."""

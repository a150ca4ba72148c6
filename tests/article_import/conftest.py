"""Users per role and a seed article, shared with the security tests."""

"""One set of test builders, a module per kind of thing built.

users: accounts with the test password; articles: articles and passages, imported or
laid out exactly; labels: labels saved through the services (`tag`) or written as rows
(`annotate`, `settle`, `write_note`); corpora: the fixed labelings export tests compare
against; clients: signing a test client in. team and world are fixture plugins (the
conftest at tests/ registers them): a small team with one article, and one user per role
with API tokens for the security walks.
"""

"""Reliability harness: a loopback gunicorn server, concurrent editors, crashes, verification.

Everything here talks to 127.0.0.1 only, runs for a bounded time and a bounded number of
requests, and cleans up the databases and processes it made.
"""

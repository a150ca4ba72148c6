"""Benchmarks that measure annotator beside the limit of the same work; they never fail on speed."""

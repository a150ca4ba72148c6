"""Operational scripts kept in the repository (reliability runs)."""

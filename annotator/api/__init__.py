"""The JSON API under /api/: one module per resource, each with its own blueprint."""

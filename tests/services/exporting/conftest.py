"""Export test data as fixtures."""

from tests.export_builders import golden, tagged  # noqa: F401

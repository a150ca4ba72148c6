"""Export test data as fixtures."""

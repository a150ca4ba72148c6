"""Export test data as fixtures; every request starts with an empty `g`."""

import pytest

from tests.conftest import fresh_g_per_request


@pytest.fixture(autouse=True)
def _fresh_g(app):  # type: ignore[no-untyped-def]
    fresh_g_per_request(app)

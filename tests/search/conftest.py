"""Fixtures for search, dictionary, suggestion and near-duplicate tests."""

from __future__ import annotations

import pytest

from annotator.extensions import db
from annotator.services.importing import collect_paths, import_file
from annotator.services.importing.store import ImportOptions
from annotator.services.tokenizer import get_tokenizer
from tests.conftest import SEEDS


@pytest.fixture
def seeded(app):  # type: ignore[no-untyped-def]
    """The five seed articles imported."""
    tokenizer = get_tokenizer(db.session)
    for path in collect_paths([SEEDS]):
        import_file(db.session, path, tokenizer, ImportOptions())
    db.session.commit()
    return app

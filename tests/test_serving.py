"""Serving: what the preloading master prepares before gunicorn forks its workers."""

from __future__ import annotations

import gc

from flask import Flask

from annotator.serving import warm_up


def test_warm_up_takes_the_preloaded_objects_out_of_the_cyclic_collector(app: Flask) -> None:
    gc.unfreeze()
    assert gc.get_freeze_count() == 0
    try:
        warm_up(app)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()

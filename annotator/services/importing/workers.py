"""Prepare files and chunks of articles in worker processes, or here when there are none."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from multiprocessing.pool import Pool
from types import TracebackType
from typing import Generic, Protocol, TypeVar

from annotator.services.importing.prepare import (
    ImportOptions,
    PreparedFile,
    prepare_articles,
    prepare_source,
)
from annotator.services.importing.readers import LineError, RawArticle
from annotator.services.importing.rows import ReadyArticle
from annotator.services.importing.sources import ImportSource
from annotator.text.tokenize import Tokenizer

# Below this many files the worker processes' start-up costs more than it saves.
PARALLEL_MIN_FILES = 8
# A JSONL or CSV file at least this large is read as a stream and its articles are shared
# out among the workers: one 2,000-article file would otherwise keep one core busy.
STREAM_MIN_BYTES = 1024 * 1024

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)
Prepared = tuple[list[ReadyArticle], list[LineError]]

_worker: tuple[Tokenizer, ImportOptions] | None = None


class Task(Protocol[T_co]):
    """Work handed out: its result, waited for."""

    def get(self) -> T_co: ...


class _Later(Generic[T]):
    """Work done here, when its result is asked for (so it holds no result until then)."""

    def __init__(self, work: Callable[[], T]) -> None:
        self._work = work

    def get(self) -> T:
        return self._work()


def _init_worker(tokenizer: Tokenizer, options: ImportOptions) -> None:
    global _worker
    _worker = (tokenizer, options)


def _file_in_worker(source: ImportSource) -> PreparedFile:
    assert _worker is not None
    tokenizer, options = _worker
    return prepare_source(source, tokenizer, options)


def _articles_in_worker(articles: list[RawArticle], filename: str, encoding: str) -> Prepared:
    assert _worker is not None
    tokenizer, options = _worker
    return prepare_articles(articles, tokenizer, options, filename, encoding)


def import_workers(files: int, sizes: Sequence[int] = ()) -> int:
    """Worker processes for `files` files: one per core, none for a few small files."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    if (
        (files < PARALLEL_MIN_FILES and not any(size >= STREAM_MIN_BYTES for size in sizes))
        or (cores or 1) < 2
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        return 0
    return min(cores or 1, 8)


class Preparers:
    """Where files and articles are prepared: `workers` processes, or this one if 0."""

    def __init__(self, tokenizer: Tokenizer, options: ImportOptions, workers: int) -> None:
        self.tokenizer, self.options, self.workers = tokenizer, options, workers
        self._pool: Pool | None = None
        if workers > 0:
            # fork: the workers inherit the tokenizer already built here instead of loading it.
            context = multiprocessing.get_context("fork")
            self._pool = context.Pool(workers, _init_worker, (tokenizer, options))

    def file(self, source: ImportSource) -> Task[PreparedFile]:
        """Prepare a whole file."""
        if self._pool is None:
            return _Later(lambda: prepare_source(source, self.tokenizer, self.options))
        return self._pool.apply_async(_file_in_worker, (source,))

    def articles(self, articles: list[RawArticle], filename: str, encoding: str) -> Task[Prepared]:
        """Prepare some of a streamed file's articles."""
        if self._pool is None:
            tokenizer, options = self.tokenizer, self.options
            return _Later(
                lambda: prepare_articles(articles, tokenizer, options, filename, encoding)
            )
        return self._pool.apply_async(_articles_in_worker, (articles, filename, encoding))

    def __enter__(self) -> Preparers:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._pool is not None:
            self._pool.terminate() if error is not None else self._pool.close()
            self._pool.join()

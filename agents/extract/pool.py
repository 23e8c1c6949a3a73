"""Extraction in a child process, so that spaCy's CPU does not hold the worker's GIL.

In a thread, extraction and the worker's event loop (Kafka I/O, dedup, escalation) take turns on one GIL:
the loop's work adds to the extraction's wall time instead of running beside it. A child process runs the
extractor on another core while the loop goes on. :class:`ExtractorProcess` keeps one such child (a
``spawn``-started :class:`~concurrent.futures.ProcessPoolExecutor` of one process), builds the extractor
in it once (``factory(*args)``, then ``warm_up()``), and replaces the child when it dies (a crash in native
code, the kernel's OOM killer): the call that saw it die raises :class:`ExtractorDied`, the next one runs
in a new child. The child watches its parent and exits when the parent is gone: a worker killed by
SIGKILL (or the OOM killer) would otherwise leave an orphan holding a spaCy model's memory, one per crash.

It has the extractor's interface (``warm_up``, ``extract_batch``, ``extract``): a call blocks until the
child answers, without holding the GIL, so the agent makes it from a thread as it would an in-process
extractor. Pure: no Faust, no asyncio.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from schemas import Article, Mention

__all__ = ["ExtractorDied", "ExtractorProcess"]

_extractor: Any = None
"""The child's extractor, built by :func:`_start`."""


class ExtractorDied(RuntimeError):
    """The extraction child process died during a call (the call's articles are not extracted)."""


PARENT_POLL_SECONDS = 1.0
"""How often the child checks that its parent still lives."""


def _exit_with(parent: int) -> None:
    """Runs in a daemon thread of the child: end the child once ``parent`` is no longer its parent (the
    parent died; the child was re-parented to init or a subreaper)."""
    while os.getppid() == parent:
        time.sleep(PARENT_POLL_SECONDS)
    os._exit(0)


def _start(factory: Callable[..., Any], args: tuple[Any, ...], parent: int) -> None:
    global _extractor
    threading.Thread(target=_exit_with, args=(parent,), name="parent-watch", daemon=True).start()
    _extractor = factory(*args)
    _extractor.warm_up()


def _ready() -> int:
    """Runs in the child; returns its pid once the extractor is built (the first call builds it)."""
    return os.getpid()


def _extract_batch(articles: Sequence[Article]) -> list[list[Mention]]:
    return _extractor.extract_batch(articles)  # type: ignore[no-any-return]


def _extract(article: Article) -> list[Mention]:
    return _extractor.extract(article)  # type: ignore[no-any-return]


class ExtractorProcess:
    """One child process holding ``factory(*args)`` (an object with ``warm_up``, ``extract_batch`` and
    ``extract``); thread-safe. ``factory`` must be importable by name (a module-level class or function):
    the child is started with ``spawn`` (a fork of a worker that runs threads is unsafe)."""

    def __init__(self, factory: Callable[..., Any], *args: Any) -> None:
        self._factory = factory
        self._args = args
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None
        self._child: ProcessPoolExecutor | None = None
        """The pool whose child's pid :attr:`pid` is."""
        self.starts = 0
        """Children started so far (1 after the first call; more after deaths)."""
        self.pid: int | None = None
        """The current child's pid, once it has answered a call."""

    def _executor(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(
                    max_workers=1,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=_start,
                    initargs=(self._factory, self._args, os.getpid()),
                )
                self.starts += 1
            return self._pool

    def _call(self, fn: Callable[..., Any], *args: Any) -> Any:
        pool = self._executor()
        try:
            if self._child is not pool:  # a new child: learn its pid (waits for its extractor to be built)
                pid = int(pool.submit(_ready).result())
                with self._lock:
                    self._child, self.pid = pool, pid
            return pool.submit(fn, *args).result()
        except BrokenProcessPool as exc:
            with self._lock:
                if self._pool is pool:  # the next call starts a new child
                    self._pool = None
            pool.shutdown(wait=False, cancel_futures=True)
            raise ExtractorDied(f"the extraction process died: {exc}") from exc

    def warm_up(self) -> None:
        """Start the child and build its extractor now (model load, warm-up), not on the first batch."""
        self._call(_ready)

    def extract_batch(self, articles: Sequence[Article]) -> list[list[Mention]]:
        return self._call(_extract_batch, list(articles))  # type: ignore[no-any-return]

    def extract(self, article: Article) -> list[Mention]:
        return self._call(_extract, article)  # type: ignore[no-any-return]

    def close(self) -> None:
        """Stop the child (it finishes the call in progress)."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)

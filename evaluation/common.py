"""Shared pieces of the runners: the main mention, extraction in batches, progress on stderr."""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

from schemas import Article, Mention

__all__ = ["EVAL_PUBLISHED_AT", "extract_all", "extractor", "log", "main_mention", "snippet_article"]

#: Publication time given to corpora that have none (CASE, GVDB, RAMS); only relative dates depend on it.
EVAL_PUBLISHED_AT = dt.datetime(2020, 1, 1, 12, tzinfo=dt.UTC)


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def main_mention(mentions: Sequence[Mention]) -> Mention | None:
    """The article's main mention: highest ``confidence``; ties go to the earliest mention of the article.

    The extractor's confidence already folds in trigger strength, modality and evidence, so it is the
    pipeline's own answer to "which event is this article about"; ``None`` when there is no mention.
    """
    best: Mention | None = None
    for m in mentions:  # mentions come in article order
        if best is None or m.confidence > best.confidence:
            best = m
    return best


@lru_cache(maxsize=2)
def extractor(model: str = "en_core_web_sm") -> Any:
    """One Extractor per process (loading spaCy and the gazetteers takes seconds)."""
    from agents.extract import ExtractionPolicy, Extractor

    return Extractor(ExtractionPolicy(model=model))


def snippet_article(aid: str, text: str, title: str = "", published_at: dt.datetime | None = None) -> Article:
    return Article(
        id=aid,
        source="eval",
        title=title,
        body=text,
        published_at=published_at or EVAL_PUBLISHED_AT,
        language="en",
    )


def extract_all(
    articles: Sequence[Article],
    *,
    batch: int = 64,
    on_batch: Callable[[int, int, float], None] | None = None,
) -> list[list[Mention]]:
    """``extract_batch`` over ``articles`` in chunks, reporting progress on stderr."""
    ex = extractor()
    out: list[list[Mention]] = []
    t0 = time.perf_counter()
    for i in range(0, len(articles), batch):
        out.extend(ex.extract_batch(list(articles[i : i + batch])))
        done = min(i + batch, len(articles))
        if on_batch:
            on_batch(done, len(articles), time.perf_counter() - t0)
        else:
            log(f"  extracted {done}/{len(articles)} ({time.perf_counter() - t0:.1f}s)")
    return out

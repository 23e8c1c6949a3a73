"""The demo articles through the offline chain in shuffled orders: always the same final events."""

from __future__ import annotations

import random

import pytest

from agents.chain import Chain
from agents.extract import ExtractionPolicy, Extractor
from agents.validate import validate_article
from schemas import Article, Event
from schemas.errors import RejectedInput
from tests.conftest import DEMO_ARTICLES

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(ExtractionPolicy())


def demo_articles() -> list[Article]:
    articles = []
    for line in DEMO_ARTICLES.read_bytes().splitlines():
        if not line.strip():
            continue
        try:
            articles.append(validate_article(line))
        except RejectedInput:
            continue
    return sorted(articles, key=lambda a: (a.published_at, a.id))


def final_clustering(extractor: Extractor, articles: list[Article]) -> tuple[set, set]:
    """(clustering told by the emitted events, clustering held in the dedup tables)."""
    chain = Chain(extractor=extractor)
    latest: dict[str, Event] = {}
    for output in chain.feed_articles(articles):
        if isinstance(output, Event) and output.version > getattr(latest.get(output.id), "version", 0):
            latest[output.id] = output
    told = {frozenset(e.mention_ids) for e in latest.values() if e.superseded_by is None}
    held = {frozenset(m.id for m in oe.mentions) for s in chain.blocks.values() for oe in s.events}
    return told, held


def test_dedup_demo_clustering_does_not_depend_on_article_order(extractor):
    articles = demo_articles()
    told, held = final_clustering(extractor, articles)
    assert told == held
    assert any(len(c) > 1 for c in held), "the demo is meant to contain cross-reports"
    for seed in range(4):
        shuffled = articles[:]
        random.Random(seed).shuffle(shuffled)
        assert final_clustering(extractor, shuffled) == (held, held), f"seed {seed}"
    assert final_clustering(extractor, articles[::-1]) == (held, held)

"""Two months of generated wire articles through the offline chain, in publication order and with each
week's articles shuffled (how partitions interleave, or a crashed worker replays, on a live wire): always the
same final events. Events expire, are archived and named again, so this covers what the demo's few days
cannot: the archive and its rarity, re-clusters that reach closed events."""

from __future__ import annotations

import datetime as dt

import pytest

from agents.chain import Chain
from agents.extract import ExtractionPolicy, Extractor
from agents.validate import validate_article
from bench.wire import valid_articles
from schemas import Article, Event, Mention
from tests.unit.factories import shuffled_within

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def mentions() -> list[list[Mention]]:
    """Each article's mentions, in publication order (extracted once)."""
    import orjson

    articles: list[Article] = sorted(
        (validate_article(orjson.dumps(a)) for a in valid_articles(600, seed=21, prefix="wire")),
        key=lambda a: (a.published_at, a.id),
    )
    return Extractor(ExtractionPolicy()).extract_batch(articles)


def final_clustering(per_article: list[list[Mention]]) -> set[frozenset[str]]:
    chain = Chain(extractor=None)  # type: ignore[arg-type]  # dedup only: the mentions are extracted
    latest: dict[str, Event] = {}
    for ms in per_article:
        for m in ms:
            for output in chain.feed_mention(m):
                if isinstance(output, Event) and output.version > getattr(
                    latest.get(output.id), "version", 0
                ):
                    latest[output.id] = output
    return {frozenset(e.mention_ids) for e in latest.values() if e.superseded_by is None}


def test_generated_wire_clustering_does_not_depend_on_order_within_a_week(mentions):
    in_order = final_clustering(mentions)
    every = {m.id for ms in mentions for m in ms}
    assert {m for c in in_order for m in c} == every  # no report in no event
    span = max(m.published_at for ms in mentions for m in ms) - min(
        m.published_at for ms in mentions for m in ms
    )
    assert span > dt.timedelta(days=56)  # events expire and are archived (two retentions) well before the end
    for seed in range(3):
        weekly = shuffled_within([ms for ms in mentions if ms], lambda ms: ms[0].published_at, 7, seed)
        assert final_clustering(weekly) == in_order, f"seed {seed}"

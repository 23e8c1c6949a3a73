"""The extract agent: articles in batches (stream.take), extraction in a worker thread, mentions out keyed
by article id; a batch that fails is retried article by article and only the culprit is dead-lettered."""

from __future__ import annotations

import asyncio
import datetime as dt
import threading
from typing import Any

import pytest

import agents.extract.agent as extract_agent
from schemas import Article, DeadLetter, Mention
from streams import topics
from tests.unit.factories import mention

WHEN = dt.datetime(2024, 1, 16, 12, 0, tzinfo=dt.UTC)


def article(n: int) -> Article:
    return Article(id=f"a{n}", source="wire", title="", body=f"Report number {n}.", published_at=WHEN)


class FakeExtractor:
    """Stands in for the spaCy extractor: one mention per article, records batches and threads."""

    batches: list[list[str]]
    threads: list[int]
    warmed: list[int]
    """Threads ``warm_up`` ran in."""
    poison: str | None = None

    def __init__(self, policy: Any) -> None:
        self.policy = policy

    def warm_up(self) -> None:
        assert not FakeExtractor.batches, "warmed up after a batch"
        FakeExtractor.warmed.append(threading.get_ident())

    def extract_batch(self, batch: list[Article]) -> list[list[Mention]]:
        FakeExtractor.batches.append([a.id for a in batch])
        FakeExtractor.threads.append(threading.get_ident())
        if any(a.id == FakeExtractor.poison for a in batch):
            raise ValueError("cannot extract")
        return [[mention(a.id)] for a in batch]

    def extract(self, a: Article) -> list[Mention]:
        return self.extract_batch([a])[0]


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> type[FakeExtractor]:
    FakeExtractor.batches, FakeExtractor.threads, FakeExtractor.warmed = [], [], []
    FakeExtractor.poison = None
    monkeypatch.setattr(extract_agent, "Extractor", FakeExtractor)
    return FakeExtractor


@pytest.fixture
def app(sent, fake):  # built after ``fake`` patched the agent module's Extractor
    from streams.app import create_app
    from streams.settings import Settings

    # extraction in a thread: the fake records its calls in this process (the child process is
    # tests/unit/test_extract_pool.py's)
    settings = Settings(extract_batch_size=4, extract_batch_seconds=0.5, extract_process=False)
    return create_app(settings, send=sent, web_enabled=False)


async def test_extract_agent_batches_off_the_event_loop(fake, app, sent) -> None:
    loop_thread = threading.get_ident()
    assert app.strikewire.loading == {"extract"}  # /ready waits for the model
    async with app.agents["extract"].test_context() as ctx:
        for n in range(6):
            await ctx.put(article(n), key=f"a{n}".encode(), wait=False)
        await sent.settle(6)
    assert sorted(a for batch in fake.batches for a in batch) == [f"a{n}" for n in range(6)]
    assert max(map(len, fake.batches)) > 1  # batched, not one call per article
    assert all(len(batch) <= 4 for batch in fake.batches)
    assert loop_thread not in fake.threads
    assert len(fake.warmed) == 1 and loop_thread not in fake.warmed  # warmed once, before the first batch
    assert not app.strikewire.loading
    assert [m.article_id for m in sent.on(topics.MENTIONS)] == [f"a{n}" for n in range(6)]
    assert sent.keys(topics.MENTIONS) == [f"a{n}".encode() for n in range(6)]


async def test_extract_agent_dead_letters_only_the_failing_article(fake, app, sent) -> None:
    fake.poison = "a1"
    async with app.agents["extract"].test_context() as ctx:
        for n in range(3):
            await ctx.put(article(n), key=f"a{n}".encode(), wait=False)
        await sent.settle(3)
        await asyncio.sleep(0)
    assert [m.article_id for m in sent.on(topics.MENTIONS)] == ["a0", "a2"]
    [letter] = sent.on(topics.DEADLETTER)
    assert isinstance(letter, DeadLetter)
    assert letter.stage == "extract"
    assert sent.keys(topics.DEADLETTER) == [b"a1"]

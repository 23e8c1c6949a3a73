"""The validate agent: valid articles forwarded by id, bad records dead-lettered with their bytes."""

from __future__ import annotations

import orjson
import pytest

from schemas import Article, DeadLetter
from streams import topics

GOOD = orjson.dumps(
    {
        "id": "a1",
        "source": "wire",
        "title": "Border clash",
        "body": "Troops exchanged fire across the border on Monday, officials said; two soldiers were hurt.",
        "published_at": "2026-01-16T12:00:00+00:00",
        "language": "en",
    }
)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"{not json", "malformed_json"),
        (b"", "empty_body"),
        (orjson.dumps({"id": "x", "source": "s", "body": "text", "published_at": 5}), "schema_violation"),
        (b"\x00\x01binary\x00", "binary_content"),
    ],
)
async def test_validate_agent_dead_letters_bad_input(app, sent, raw, reason):
    agent = app.agents["validate"]
    async with agent.test_context() as ctx:
        await ctx.put(raw, key=b"k1", wait=False)
        await sent.settle(1)
    [letter] = sent.on(topics.DEADLETTER)
    assert isinstance(letter, DeadLetter)
    assert letter.reason == reason
    assert letter.original == raw
    assert sent.keys(topics.DEADLETTER) == [b"k1"]
    assert sent.on(topics.ARTICLES_VALID) == []


async def test_validate_agent_forwards_valid_articles_keyed_by_id(app, sent):
    agent = app.agents["validate"]
    async with agent.test_context() as ctx:
        await ctx.put(GOOD, key=None, wait=False)
        await ctx.put(b"[1, 2]", key=None, wait=False)
        await ctx.put(GOOD, key=None, wait=False)
        await sent.settle(3)
    valid = sent.on(topics.ARTICLES_VALID)
    assert [a.id for a in valid] == ["a1", "a1"]
    assert all(isinstance(a, Article) for a in valid)
    assert sent.keys(topics.ARTICLES_VALID) == [b"a1", b"a1"]
    assert [d.reason for d in sent.on(topics.DEADLETTER)] == ["schema_violation"]

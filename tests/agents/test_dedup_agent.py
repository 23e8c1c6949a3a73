"""The dedup agent: state per blocking key in its table, expired events in the archive table by id."""

from __future__ import annotations

from agents.dedup import event_id
from streams import topics
from tests.unit.test_dedup_archive import ELSEWHERE, FOLLOW, OPENER, TRIAL


async def test_dedup_agent_archives_an_expired_event_and_a_late_report_reopens_it(app, sent):
    blocks, archive = app.tables[topics.DEDUP_TABLE], app.tables[topics.DEDUP_ARCHIVE]
    shot = event_id("post-1#1")
    agent = app.agents["dedup"]
    async with agent.test_context() as ctx:
        for n, m in enumerate([OPENER, FOLLOW, ELSEWHERE], start=1):
            await ctx.put(m, key=b"USA", partition=0, wait=False)
            await sent.settle(n)
        assert [r.id for r in blocks["USA"].archived] == [shot]
        assert [m.id for m in archive[shot].mentions] == ["post-1#1", "news-1#1"]
        await ctx.put(TRIAL, key=b"USA", partition=0, wait=False)
        await sent.settle(4)
    reopened = sent.on(topics.EVENTS)[-1]
    assert reopened.id == shot and reopened.mention_ids == ("post-1#1", "news-1#1", "news-2#1")
    assert shot not in archive and shot in {oe.event.id for oe in blocks["USA"].events}
    assert [k for k in sent.keys(topics.EVENTS)] == [e.id.encode() for e in sent.on(topics.EVENTS)]

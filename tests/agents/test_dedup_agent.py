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
            await ctx.put(m, key=b"Northern America", partition=0, wait=False)
            await sent.settle(n)
        assert [r.id for r in blocks["Northern America"].archived] == [shot]
        assert [m.id for m in archive[shot].mentions] == ["post-1#1", "news-1#1"]
        await ctx.put(TRIAL, key=b"Northern America", partition=0, wait=False)
        await sent.settle(4)
    reopened = sent.on(topics.EVENTS)[-1]
    assert reopened.id == shot and reopened.mention_ids == ("post-1#1", "news-1#1", "news-2#1")
    assert shot not in archive and shot in {oe.event.id for oe in blocks["Northern America"].events}
    assert [k for k in sent.keys(topics.EVENTS)] == [e.id.encode() for e in sent.on(topics.EVENTS)]


async def test_dedup_agent_has_an_archived_event_written_before_the_state_that_names_it(app, sent):
    """A key's state may reach the broker without the archive record it names if the worker dies between
    the two writes; so the agent waits for the archive's record first, and for the state that no longer
    names a re-opened event before it deletes that event's record (a crash then leaves an orphan record)."""
    blocks, archive = app.tables[topics.DEDUP_TABLE], app.tables[topics.DEDUP_ARCHIVE]
    shot = event_id("post-1#1")
    seen: list[tuple[str, bool, bool]] = []

    async def written(table) -> None:  # what the tables held when the agent waited for one of them
        state = blocks.get("Northern America")
        seen.append(
            (table.name, shot in archive, state is not None and shot in {r.id for r in state.archived})
        )

    app.strikewire.written = written
    async with app.agents["dedup"].test_context() as ctx:
        for n, m in enumerate([OPENER, FOLLOW, ELSEWHERE, TRIAL], start=1):
            await ctx.put(m, key=b"Northern America", partition=0, wait=False)
            await sent.settle(n)
    # ELSEWHERE expires the shooting: its record is stored, and waited for, while the state does not yet
    # name it. TRIAL expires ELSEWHERE's event (stored and waited for while the state still names the
    # shooting) and re-opens the shooting: the state that no longer names it is waited for while its
    # record is kept, and the record is deleted after.
    assert seen == [
        (topics.DEDUP_ARCHIVE, True, False),
        (topics.DEDUP_ARCHIVE, True, True),
        (topics.DEDUP_TABLE, True, False),
    ]
    assert shot not in archive

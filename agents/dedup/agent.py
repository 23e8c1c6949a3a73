"""Faust agents of the dedup stage: re-key Mentions by blocking key, merge them in a table, emit Events."""

from __future__ import annotations

import asyncio

import faust

from agents.dedup import archive_changes, archive_wanted, blocking_key, step
from schemas import Mention
from streams.metrics import observe_input, observe_output
from streams.wiring import Wiring

__all__ = ["install"]


def install(w: Wiring) -> None:
    policy = w.settings.dedup_policy()

    @w.app.agent(w.mentions, name="dedup_rekey")
    async def rekey(stream: faust.StreamT) -> None:
        """Reports of one event must meet on one partition, so the table sees them together."""
        mention: Mention
        async for mention in stream:
            await w.send(w.mentions_by_block, blocking_key(mention).encode(), mention)

    @w.app.agent(w.mentions_by_block, name="dedup")
    async def dedup(stream: faust.StreamT) -> None:
        loop = asyncio.get_running_loop()
        mention: Mention
        async for mention in stream:
            key = blocking_key(mention)
            w.metrics.inc("messages_in", "dedup")
            observe_input(w.metrics, "dedup")
            # step is pure and its state immutable: a canonical re-cluster of a big block can take a few
            # hundred ms, so it runs in a thread; the table is read and written here, on the loop.
            held = w.dedup_table.get(key)
            wanted = archive_wanted(held, mention)  # the archived events this mention may re-open
            archive = {i: oe for i in wanted if (oe := w.dedup_archive.get(i)) is not None}
            state, events = await loop.run_in_executor(None, step, held, mention, policy, archive)
            for event in events:  # delivered before the state is written (see streams.wiring)
                w.metrics.inc("events_created" if event.version == 1 else "events_updated")
                await w.deliver(w.events, event.id.encode(), event)
                w.metrics.inc("messages_out", "dedup")
                observe_output(w.metrics, "event", mention)
            # Archived events reach the broker before the state that names them, and are deleted once the
            # state that no longer does has: a crash between the writes leaves at most an orphan record in
            # the archive, never a name without its event (see "Archive"). Both are rare (an expiry, a
            # re-open), so the wait costs nothing on the common path.
            store, drop = archive_changes(held, state)
            for oe in store:
                w.dedup_archive[oe.event.id] = oe
            if store:
                await w.written(w.dedup_archive)
            if state is None:
                w.dedup_table.pop(key, None)
            else:
                w.dedup_table[key] = state
            if drop:
                await w.written(w.dedup_table)
            for event_id in drop:
                w.dedup_archive.pop(event_id, None)

"""Faust agent of the dedup stage: Mentions re-keyed by blocking key, merged in a table, Events out."""

from __future__ import annotations

import faust

from agents.dedup import DedupPolicy, blocking_key, step
from schemas import Mention
from streams.wiring import Wiring

__all__ = ["install"]


def install(w: Wiring) -> faust.types.AgentT:
    policy = DedupPolicy(retention_days=w.settings.dedup_retention_days)

    def key_of(mention: Mention) -> bytes:
        return blocking_key(mention).encode()

    @w.app.agent(w.mentions, name="dedup")
    async def dedup(stream: faust.StreamT) -> None:
        async for mention in stream.group_by(key_of, name="block", topic=w.mentions_by_block):
            key = blocking_key(mention)
            w.metrics.inc("messages_in", "dedup")
            state, events = step(w.dedup_table.get(key), mention, policy)
            # Outputs are delivered before the state is written: a crash in between replays the mention
            # and re-sends the same (id, version), never loses it.
            for event in events:
                w.metrics.inc("events_created" if event.version == 1 else "events_updated")
                await (await w.events.send(key=event.id.encode(), value=event))
            if state is None:
                w.dedup_table.pop(key, None)
            else:
                w.dedup_table[key] = state

    return dedup

"""Faust agent of the escalate stage: Events re-keyed by dyad, judged against the rules, Alerts out."""

from __future__ import annotations

import faust

from agents.escalate import load_rules, pair_key, step
from schemas import Event
from streams.wiring import Wiring

__all__ = ["install"]


def install(w: Wiring) -> faust.types.AgentT:
    rules = load_rules(w.settings.rules_file)

    def key_of(event: Event) -> bytes:
        return (pair_key(event) or "").encode()

    @w.app.agent(w.events, name="escalate")
    async def escalate(stream: faust.StreamT) -> None:
        dyadic = stream.filter(lambda event: pair_key(event) is not None)
        async for event in dyadic.group_by(key_of, name="pair", topic=w.events_by_pair):
            key = pair_key(event)
            w.metrics.inc("messages_in", "escalate")
            state, alerts = step(w.dyad_table.get(key), event, rules)
            for alert in alerts:
                w.metrics.inc("alerts", alert.level.value)
                await (await w.alerts.send(key=alert.pair.encode(), value=alert))
            if state is None:
                w.dyad_table.pop(key, None)
            else:
                w.dyad_table[key] = state

    return escalate

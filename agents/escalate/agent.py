"""Faust agents of the escalate stage: re-key Events by dyad, judge them against the rules, emit Alerts."""

from __future__ import annotations

import faust

from agents.escalate import is_stale, load_rules, pair_key, step
from schemas import Event
from streams.metrics import observe_input, observe_output
from streams.sweep import Sweeper
from streams.wiring import Wiring

__all__ = ["install"]


def install(w: Wiring) -> None:
    rules = load_rules(w.settings.rules_file)

    @w.app.agent(w.events, name="escalate_rekey")
    async def rekey(stream: faust.StreamT) -> None:
        """A dyad's events must meet on one partition; events without two countries cannot escalate."""
        event: Event
        async for event in stream:
            w.recent.events.add(event)  # the dashboard's view of events.enriched
            pair = pair_key(event)
            if pair is not None:
                await w.send(w.events_by_pair, pair.encode(), event)

    # a pair that falls quiet is deleted once its state no longer matters (``is_stale``)
    sweeper = Sweeper(w.dyad_table, w.settings.topic_partitions, lambda s, now: is_stale(s, now, rules))

    @w.app.agent(w.events_by_pair, name="escalate")
    async def escalate(stream: faust.StreamT) -> None:
        event: Event
        async for event in stream:
            pair = pair_key(event)
            if pair is None:
                continue
            w.metrics.inc("messages_in", "escalate")
            observe_input(w.metrics, "escalate")
            state, alerts = step(w.dyad_table.get(pair), event, rules)
            for alert in alerts:  # delivered before the state is written (see streams.wiring)
                w.metrics.inc("alerts", alert.level.value)
                await w.deliver(w.alerts, alert.pair.encode(), alert)
                w.metrics.inc("messages_out", "escalate")
                observe_output(w.metrics, "alert")
                w.recent.alerts.add(alert)
            if state is None:
                w.dyad_table.pop(pair, None)
            else:
                w.dyad_table[pair] = state
            current = stream.current_event
            if current is not None:
                gone = sweeper.observe(current.message.partition, event.first_seen, keep=pair)
                if gone:
                    w.metrics.inc("expired_keys", "dyads", by=len(gone))

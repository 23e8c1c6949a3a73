"""The escalate agent: alerts keyed by pair, state in the dyad table, quiet pairs swept away."""

from __future__ import annotations

import datetime as dt

from agents.escalate import load_rules
from streams import topics
from streams.sweep import key_partition
from tests.unit.factories import event


async def test_escalate_agent_sweeps_a_quiet_pair_of_its_partition(app, sent):
    partitions = app.conf.topic_partitions
    p = key_partition("IRN-PAK", partitions)
    other = next(
        f"{a}-{b}"
        for a, b in [("IND", "PAK"), ("IND", "IRN"), ("ARM", "AZE"), ("ARM", "IRN"), ("AZE", "IRN")]
        if key_partition(f"{a}-{b}", partitions) == p
    )
    a, b = other.split("-")
    quiet = dt.timedelta(days=2 * load_rules().history_days + 1)
    first = event("e1", killed=2)  # IRN>PAK: a cross-border strike, an alert
    later_seen = first.first_seen + quiet
    later = event("e2", actor=a, target=b, place=None, date=later_seen.date(), first_seen=later_seen)
    table = app.tables["dyads"]
    agent = app.agents["escalate"]
    async with agent.test_context() as ctx:
        await ctx.put(first, key=b"IRN-PAK", partition=p, wait=False)
        await sent.settle(1)
        assert "IRN-PAK" in table
        await ctx.put(later, key=other.encode(), partition=p, wait=False)
        await sent.settle(2)
    assert [x.pair for x in sent.on(topics.ALERTS)] == ["IRN-PAK", other]
    assert "IRN-PAK" not in table and other in table

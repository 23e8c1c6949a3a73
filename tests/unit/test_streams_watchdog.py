"""The stall watchdog: which partitions count as stalled, and what the worker does about them."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

from streams.metrics import Metrics
from streams.watchdog import StallDetector
from streams.web.views import Probe


def test_watchdog_backlog_without_progress_is_stalled_after_the_threshold():
    d = StallDetector(stall_seconds=30)
    assert d.observe(0, [("a", 10, 4)], stable=True) == []
    assert d.observe(29, [("a", 12, 4)], stable=True) == []
    assert d.observe(30, [("a", 12, 4)], stable=True) == ["a"]


def test_watchdog_progress_or_no_backlog_restarts_the_clock():
    d = StallDetector(stall_seconds=30)
    d.observe(0, [("a", 10, 4), ("b", 5, 5)], stable=True)
    assert d.observe(20, [("a", 10, 6), ("b", 5, 5)], stable=True) == []  # a moved, b has nothing to do
    assert d.observe(45, [("a", 10, 6), ("b", 5, 5)], stable=True) == []
    assert d.observe(50, [("a", 10, 6), ("b", 5, 5)], stable=True) == ["a"]


def test_watchdog_partition_whose_commit_rounds_are_slow_is_not_stalled():
    """An overloaded worker: its commit rounds take longer than the threshold, so the committed offset stands
    still for a while although the partition is being processed. It is stalled only once enough commit rounds
    have completed without moving it."""
    d = StallDetector(stall_seconds=30, min_commit_rounds=3)
    assert d.observe(0, [("a", 10, 4)], stable=True, commit_rounds=5) == []
    assert d.observe(40, [("a", 12, 4)], stable=True, commit_rounds=6) == []  # one 40 s round: slow
    assert d.observe(50, [("a", 12, 4)], stable=True, commit_rounds=7) == []
    assert d.observe(55, [("a", 12, 4)], stable=True, commit_rounds=8) == ["a"]  # 3 rounds, 4 never moved
    assert d.nudged("a", 55, commit_rounds=8) == 1
    assert d.observe(90, [("a", 12, 4)], stable=True, commit_rounds=9) == []  # the nudge restarted both


def test_watchdog_partition_being_processed_is_stalled_only_when_held_back_long():
    """Its records are processed (the highest processed offset moves) while its committed offset stands
    still: slow; stalled only after hole_factor times the threshold (a record held back in front)."""
    d = StallDetector(stall_seconds=30, hole_factor=5)
    assert d.observe(0, [("a", 10, 4)], stable=True, processed={"a": 5}) == []
    assert d.observe(40, [("a", 12, 4)], stable=True, processed={"a": 7}) == []
    assert d.observe(80, [("a", 14, 4)], stable=True, processed={"a": 9}) == []
    assert d.observe(115, [("a", 14, 4)], stable=True, processed={"a": 9}) == ["a"]  # quiet 35 s
    d = StallDetector(stall_seconds=30, hole_factor=5)
    for t in range(0, 150, 10):
        assert d.observe(t, [("a", 100, 4)], stable=True, processed={"a": 5 + t}) == []
    assert d.observe(150, [("a", 100, 4)], stable=True, processed={"a": 200}) == ["a"]  # held back 150 s


def test_watchdog_partition_waiting_behind_its_agents_other_partitions_is_not_stalled():
    """A saturated worker: the agent of topic t works through records it fetched from t/0 while t/1's sit
    in its buffer. t/1 is waiting its turn while t/0 moves; once the agent stops, or after the hole
    factor, it is stalled."""
    d = StallDetector(stall_seconds=30, hole_factor=5, group=lambda tp: tp[0])
    assert d.observe(0, [(("t", 1), 50, 4)], stable=True, processed={("t", 0): 10, ("t", 1): 3}) == []
    for t in (20, 40, 60):
        busy = {("t", 0): 10 + t, ("t", 1): 3}  # only t/0 moves
        assert d.observe(t, [(("t", 1), 50, 4)], stable=True, processed=busy) == []
    still = {("t", 0): 70, ("t", 1): 3}
    assert d.observe(80, [(("t", 1), 50, 4)], stable=True, processed=still) == []
    assert d.observe(95, [(("t", 1), 50, 4)], stable=True, processed=still) == [("t", 1)]  # agent idle 35 s
    other = StallDetector(stall_seconds=30, hole_factor=5, group=lambda tp: tp[0])
    other.observe(0, [(("t", 1), 50, 4)], stable=True, processed={("u", 0): 1})
    assert other.observe(30, [(("t", 1), 50, 4)], stable=True, processed={("u", 0): 30}) == [("t", 1)]
    held = StallDetector(stall_seconds=30, hole_factor=5, group=lambda tp: tp[0])
    for t in range(0, 150, 10):
        assert held.observe(t, [(("t", 1), 50, 4)], stable=True, processed={("t", 0): t}) == []
    assert held.observe(150, [(("t", 1), 50, 4)], stable=True, processed={("t", 0): 150}) == [("t", 1)]


def test_watchdog_forgives_nudges_once_the_committed_offset_moves():
    """A saturated worker's partitions always have lag: nudges of an old incident must not add up."""
    d = StallDetector(stall_seconds=30)
    d.observe(0, [("a", 100, 4)], stable=True)
    assert d.observe(30, [("a", 100, 4)], stable=True) == ["a"] and d.nudged("a", 30) == 1
    d.observe(40, [("a", 100, 9)], stable=True)  # moved, lag left
    assert d.nudges == {}


def test_watchdog_rebalancing_group_is_never_stalled():
    d = StallDetector(stall_seconds=30)
    d.observe(0, [("a", 10, 4)], stable=True)
    assert d.observe(40, [("a", 10, 4)], stable=False) == []
    assert d.observe(60, [("a", 10, 4)], stable=True) == []  # the clock restarted when it became stable


def test_watchdog_nudge_restarts_the_clock_and_progress_forgives_it():
    d = StallDetector(stall_seconds=30)
    d.observe(0, [("a", 10, 4)], stable=True)
    assert d.observe(30, [("a", 10, 4)], stable=True) == ["a"]
    assert d.nudged("a", 30) == 1
    assert d.observe(40, [("a", 10, 4)], stable=True) == []
    assert d.observe(60, [("a", 10, 4)], stable=True) == ["a"] and d.nudged("a", 60) == 2
    d.observe(61, [("a", 10, 10)], stable=True)
    assert d.nudges == {}


class FakeConsumer:
    def __init__(self, tps):
        self.tps = set(tps)
        self._paused_partitions = set(tps)
        self._active: set = set()
        self._committed_offset = {tp: 4 for tp in tps}
        self.resumed: list = []
        self.sought: list = []

    def assignment(self):
        return self.tps

    def _get_active_partitions(self):
        return self._active

    def resume_partitions(self, tps):
        self.resumed += list(tps)
        self._paused_partitions.difference_update(tps)

    async def seek(self, tp, offset):
        self.sought.append((tp, offset))

    async def highwaters(self, *tps):
        return {tp: 10 for tp in tps}


def test_watchdog_resumes_a_stalled_partition_reports_not_ready_then_crashes_the_worker():
    from faust.types import TP

    tp = TP("mentions", 2)
    crashed: list[BaseException] = []

    async def crash(exc):
        crashed.append(exc)

    app = SimpleNamespace(state="running", rebalancing=False, in_recovery=False, consumer=FakeConsumer([tp]))
    app.crash = crash
    metrics = Metrics()
    exits: list[float] = []
    probe = Probe(
        app,
        {"mentions"},
        metrics=metrics,
        stall_seconds=0.01,
        max_nudges=1,
        exit_grace=7,
        exit_later=exits.append,
    )

    async def rounds():
        await probe.watch()  # starts the clock
        for _ in range(2):
            await asyncio.sleep(1.05)  # the lag cache holds for a second
            await probe.watch()
        return await probe.ready()

    ready, reason = asyncio.run(rounds())
    assert app.consumer.resumed == [tp] and app.consumer.sought == [(tp, 4)]  # re-read from the commit
    assert not ready and "mentions[2]" in reason
    assert len(crashed) == 1 and "stalled" in str(crashed[0])
    assert exits == [7]  # the process is ended if Faust's shutdown hangs
    assert metrics.get("stalls") == 2


def test_watchdog_rereads_a_partition_whose_committed_offsets_the_broker_lost():
    """An empty replacement broker: the group's committed offsets are gone, Faust still remembers its own."""
    from faust.types import TP

    lost, kept = TP("articles.raw", 0), TP("articles.raw", 1)
    consumer = FakeConsumer([lost, kept])
    consumer._committed_offset = {lost: 40, kept: 7}
    consumer._acked = {lost: [41, 42]}
    sought = consumer.sought

    async def on_broker(tps):
        return {("articles.raw", 0): None, ("articles.raw", 1): 7}

    app = SimpleNamespace(state="running", rebalancing=False, in_recovery=False, consumer=consumer)
    metrics = Metrics()
    probe = Probe(app, {"articles.raw"}, metrics=metrics, stall_seconds=600, committed_reader=on_broker)

    async def rounds(n):
        for _ in range(n):
            probe._lag_at = 0.0  # no lag cache between rounds
            await probe.watch()

    asyncio.run(rounds(1))
    assert sought == []  # one round is not enough
    asyncio.run(rounds(1))
    assert sought == [(lost, 0)] and consumer._committed_offset == {lost: None, kept: 7}
    assert lost not in consumer._acked and metrics.get("rewinds") == 1


def test_watchdog_rereads_everything_when_the_broker_becomes_a_different_cluster():
    """A replacement embedded broker has a new cluster id: every assigned partition is read from its start,
    and again after a rebalance that soon follows (it seeks to commits made from stale positions)."""
    from faust.types import TP

    a, b = TP("articles.raw", 0), TP("mentions", 3)
    consumer = FakeConsumer([a, b])
    consumer._committed_offset = {a: 12, b: 5}
    clusters = iter(["old", "old", "new", "new", "new"])

    async def cluster():
        return next(clusters)

    async def on_broker(tps):  # the new cluster already holds commits made from the stale positions
        return {(tp.topic, tp.partition): consumer._committed_offset[tp] for tp in tps}

    app = SimpleNamespace(state="running", rebalancing=False, in_recovery=False, consumer=consumer)
    metrics = Metrics()
    probe = Probe(
        app, {"articles.raw", "mentions"}, metrics=metrics, committed_reader=on_broker, cluster_reader=cluster
    )

    async def watch():
        probe._lag_at = 0.0
        await probe.watch()

    asyncio.run(watch())
    asyncio.run(watch())
    assert consumer.sought == []  # same cluster
    asyncio.run(watch())
    assert sorted(consumer.sought) == [(a, 0), (b, 0)] and metrics.get("rewinds") == 2
    assert consumer._committed_offset == {a: None, b: None}
    consumer._committed_offset = {a: 12, b: 5}  # a rebalance sought to the stale commits again
    asyncio.run(watch())
    assert len(consumer.sought) == 2  # no rebalance seen: nothing to do
    probe.assignments += 1
    asyncio.run(watch())
    assert len(consumer.sought) == 4 and metrics.get("rewinds") == 4


def test_probe_is_not_ready_while_a_stage_loads_its_model():
    from faust.types import TP

    tp = TP("articles.valid", 0)
    app = SimpleNamespace(state="running", rebalancing=False, in_recovery=False, consumer=FakeConsumer([tp]))
    loading = {"extract"}
    probe = Probe(app, {"articles.valid"}, loading=loading)
    ready, reason = asyncio.run(probe.ready())
    assert not ready and reason == "loading: extract"
    loading.discard("extract")  # the agent loaded it (the set is the wiring's, shared)
    assert asyncio.run(probe.ready())[1] != "loading: extract"

"""Stall watchdog: a partition with a backlog whose committed offset does not move is noticed and re-read.

After a restart or a rebalance Faust can leave an assigned partition behind (faust-streaming issue #629,
or a record it read but never handed to the agent, so no later offset can be committed): the worker
reports ready, yet that partition's lag never shrinks. The worker checks every ``stall_seconds / 4``
(``streams.web.views.Probe.watch``): a partition of a pipeline input whose end offset is ahead of its
committed offset, and whose committed offset has not moved for ``stall_seconds`` while the group was
stable, and across at least ``min_commit_rounds`` (3) completed commit rounds of the worker, is *stalled*.
(The rounds tell a stall from an overloaded worker: when the machine is saturated, a commit round waits for
the producer to flush and can take longer than ``stall_seconds``; the partition is then slow, not stalled,
and re-reading it would only add work. Seen in a soak on a 2-core machine at load 8: commit rounds of up to
21 s, partitions nudged while they were being processed, and the worker stopped.) Nor is a partition
whose records are being processed (its highest processed offset moves), or whose agent is processing
records of its other partitions (it waits its turn in the stream's buffer), stalled before ``hole_factor``
(5) times ``stall_seconds``: that long only a record held back in front of them can keep its commits still.
For each, it logs an error with what Faust holds (paused? fetched? read position), counts
``strikewire_stalls_total``, makes ``/ready`` answer 503 with the reason, and reads the partition again from
the group's committed offset (records read again are processed again; effects are idempotent). When a
partition stays stalled after ``max_nudges`` nudges the worker stops with an error, so that its supervisor
(compose ``restart:``, Kubernetes) starts a fresh one; if Faust's shutdown has not ended the process within
30 s, it exits with status 70 all the same.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Generic, TypeVar

__all__ = ["StallDetector"]

K = TypeVar("K", bound=Hashable)


@dataclass
class _Clock:
    """What the detector remembers of one partition with lag."""

    committed: int | None
    since: float
    """When the committed offset last moved (or the clock started, or the partition was nudged)."""
    rounds: int
    """The worker's completed commit rounds at ``since``."""
    processed: int | None = None
    processed_since: float = 0.0
    """When the highest processed offset last moved."""


@dataclass
class StallDetector(Generic[K]):
    """Pure bookkeeping: feed it observations, it names the stalled partitions (no Faust here)."""

    stall_seconds: float = 20.0
    min_commit_rounds: int = 3
    hole_factor: float = 5.0
    """A partition whose records are being processed while its committed offset stands still (a record held
    back in front of them) is stalled only after ``hole_factor * stall_seconds``."""
    group: Callable[[K], Hashable] | None = None
    """The agent a partition feeds (e.g. its topic): while the agent processes records of any partition of
    its group, a partition of the group is waiting its turn, not stalled, unless held back long as above.
    (A saturated worker's stream buffer holds hundreds of records fetched from the other partitions first;
    seen in a soak as nudges of partitions whose records had simply not come up yet, each re-read adding
    work to a worker already behind.)"""
    _clocks: dict[K, _Clock] = field(default_factory=dict)
    nudges: dict[K, int] = field(default_factory=dict)
    _last_processed: dict[K, int] = field(default_factory=dict)
    _group_busy: dict[Hashable, float] = field(default_factory=dict)
    """When some partition of the group last had a record processed."""

    def observe(
        self,
        now: float,
        partitions: Iterable[tuple[K, int | None, int | None]],
        *,
        stable: bool,
        commit_rounds: int | None = None,
        processed: Mapping[K, int] | None = None,
    ) -> list[K]:
        """``partitions``: (partition, end offset, committed offset); ``commit_rounds``: the worker's
        completed commit rounds so far (None: not counted, time alone decides); ``processed``: the highest
        offset processed so far per partition (None: unknown). Returns the stalled ones, oldest first.

        While the group is not ``stable`` (rebalancing, recovering tables) nothing is stalled and the
        clocks restart, since Faust holds records back on purpose then. A partition whose committed offset
        moves is forgiven its nudges.
        """
        rounds = commit_rounds or 0
        if processed is not None and self.group is not None:
            for tp, offset in processed.items():
                if self._last_processed.get(tp) != offset:
                    self._last_processed[tp] = offset
                    self._group_busy[self.group(tp)] = now
        clocks: dict[K, _Clock] = {}
        stalled: list[tuple[float, K]] = []
        for tp, end, committed in partitions:
            if end is None or not stable or end <= (committed or 0):
                continue  # nothing to read, unknown, or not our turn: no clock
            held = self._clocks.get(tp)
            if held is not None and held.committed == committed:
                clock = held
            else:
                clock = _Clock(committed, now, rounds)
                if held is not None:
                    clock.processed, clock.processed_since = held.processed, held.processed_since
                    self.nudges.pop(tp, None)  # it moved: its nudges are forgiven
            clocks[tp] = clock
            quiet_since = clock.since
            if processed is not None and tp in processed:
                if clock.processed != processed[tp]:
                    clock.processed, clock.processed_since = processed[tp], now
                quiet_since = max(clock.since, clock.processed_since)
            if self.group is not None:
                quiet_since = max(quiet_since, self._group_busy.get(self.group(tp), quiet_since))
            slow_commits = commit_rounds is not None and rounds - clock.rounds < self.min_commit_rounds
            quiet = now - quiet_since >= self.stall_seconds
            held_back = now - clock.since >= self.hole_factor * self.stall_seconds
            if (quiet or held_back) and not slow_commits:
                stalled.append((clock.since, tp))
        self._clocks = clocks
        for tp in list(self.nudges):
            if tp not in clocks:
                del self.nudges[tp]  # nothing left to read (or it left us): its nudges are forgiven
        return [tp for _, tp in sorted(stalled, key=lambda x: x[0])]

    def nudged(self, tp: K, now: float, commit_rounds: int | None = None) -> int:
        """Record a nudge of ``tp`` and restart its clock; returns how many nudges it has had."""
        self.nudges[tp] = self.nudges.get(tp, 0) + 1
        held = self._clocks.get(tp)
        clock = _Clock(held.committed if held else None, now, commit_rounds or 0)
        if held is not None:
            clock.processed, clock.processed_since = held.processed, held.processed_since
        self._clocks[tp] = clock
        return self.nudges[tp]

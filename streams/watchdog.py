"""Stall watchdog: a partition with a backlog whose committed offset does not move is noticed and re-read.

After a restart or a rebalance Faust can leave an assigned partition behind (faust-streaming issue #629,
or a record it read but never handed to the agent, so no later offset can be committed): the worker
reports ready, yet that partition's lag never shrinks. The worker checks every ``stall_seconds / 4``
(``streams.web.views.Probe.watch``): a partition of a pipeline input whose end offset is ahead of its
committed offset, and whose committed offset has not moved for ``stall_seconds`` while the group was
stable, is *stalled*. For each, it logs an error with what Faust holds (paused? fetched? read position),
counts ``strikewire_stalls_total``, makes ``/ready`` answer 503 with the reason, and reads the partition
again from the group's committed offset (records read again are processed again; effects are
idempotent). When a partition stays stalled after ``max_nudges`` nudges the worker stops with an error,
so that its supervisor (compose ``restart:``, Kubernetes) starts a fresh one.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

__all__ = ["StallDetector"]

K = TypeVar("K", bound=Hashable)


@dataclass
class StallDetector(Generic[K]):
    """Pure bookkeeping: feed it observations, it names the stalled partitions (no Faust here)."""

    stall_seconds: float = 20.0
    _since: dict[K, tuple[int | None, float]] = field(default_factory=dict)
    nudges: dict[K, int] = field(default_factory=dict)

    def observe(
        self, now: float, partitions: Iterable[tuple[K, int | None, int | None]], *, stable: bool
    ) -> list[K]:
        """``partitions``: (partition, end offset, committed offset). Returns the stalled ones, oldest first.

        While the group is not ``stable`` (rebalancing, recovering tables) nothing is stalled and the
        clocks restart, since Faust holds records back on purpose then.
        """
        seen: dict[K, tuple[int | None, float]] = {}
        stalled: list[tuple[float, K]] = []
        for tp, end, committed in partitions:
            if end is None or not stable or end <= (committed or 0):
                continue  # nothing to read, unknown, or not our turn: no clock
            held = self._since.get(tp)
            since = held[1] if held is not None and held[0] == committed else now
            seen[tp] = (committed, since)
            if now - since >= self.stall_seconds:
                stalled.append((since, tp))
        self._since = seen
        for tp in list(self.nudges):
            if tp not in seen:
                del self.nudges[tp]  # it moved (or left us): its nudges are forgiven
        return [tp for _, tp in sorted(stalled, key=lambda x: x[0])]

    def nudged(self, tp: K, now: float) -> int:
        """Record a nudge of ``tp`` and restart its clock; returns how many nudges it has had."""
        self.nudges[tp] = self.nudges.get(tp, 0) + 1
        committed = self._since.get(tp, (None, now))[0]
        self._since[tp] = (committed, now)
        return self.nudges[tp]

"""Expiry of a table's idle keys by the event-time clock of their partition.

A key of a Faust table changes only when a record with that key arrives, so the state of a key that stops
receiving records (a dyad that falls quiet) would stay in the table for ever. A :class:`Sweeper` keeps the
event-time clock of each input partition (the latest event time it has seen there) and, each time that
clock has moved on by ``every``, deletes the keys of that partition whose state the stage's pure
``is_stale(state, now)`` says no longer matters.

It deletes only keys that live in the partition being processed: a table's changelog record goes to the
partition of the record being processed, so a key of another partition deleted from here would come back
on recovery. A key's partition is the one the producer's default partitioner (murmur2, as Kafka's Java
client) gives its bytes among the table's partitions, which is where the stage's re-keying sends it.
The clock lives in memory: after a restart it starts again from the first record, which only delays a sweep.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, MutableMapping
from typing import Any

from aiokafka.partitioner import DefaultPartitioner

__all__ = ["Sweeper", "key_partition"]

_PARTITIONER = DefaultPartitioner()


@functools.lru_cache(maxsize=4096)
def key_partition(key: str, partitions: int) -> int:
    """The partition the default partitioner sends ``key`` (UTF-8) to, among ``partitions`` (cached: a sweep
    asks it for every key of the table, and the keys are few and long-lived)."""
    return int(_PARTITIONER(key.encode(), list(range(partitions)), []))


class Sweeper:
    """Deletes the stale keys of ``table`` (see the module docstring)."""

    def __init__(
        self,
        table: MutableMapping[str, Any],
        partitions: int,
        is_stale: Callable[[Any, dt.datetime], bool],
        every: dt.timedelta = dt.timedelta(days=1),
    ) -> None:
        self.table = table
        self.partitions = partitions
        self.is_stale = is_stale
        self.every = every
        self.clock: dict[int, dt.datetime] = {}
        self._swept: dict[int, dt.datetime] = {}

    def observe(self, partition: int, when: dt.datetime, keep: str | None = None) -> list[str]:
        """Advance ``partition``'s clock to ``when``; when it has moved ``every`` since the last sweep there
        (or on the first record), delete that partition's stale keys except ``keep`` (the key just written)
        and return them."""
        now = max(when, self.clock.get(partition, when))
        self.clock[partition] = now
        last = self._swept.get(partition)
        if last is not None and now - last < self.every:
            return []
        self._swept[partition] = now
        stale = [
            key
            for key, state in list(self.table.items())
            if key != keep and key_partition(key, self.partitions) == partition and self.is_stale(state, now)
        ]
        for key in stale:
            self.table.pop(key, None)
        return stale

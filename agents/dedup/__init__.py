"""Dedup: one living canonical Event per real event, from many Mentions (pure domain logic, no Faust).

The Faust agent (``agents/dedup/agent.py``) re-keys mentions by :func:`blocking_key`, keeps one
:class:`DedupState` per key in a table and calls :func:`step`; see :mod:`agents.dedup.core` for the
blocking, matching, merge, versioning and retention rules.
"""

from agents.dedup.core import (
    ArchivedEvent,
    DedupPolicy,
    DedupState,
    OpenEvent,
    RetiredEvent,
    archive_changes,
    archive_wanted,
    blocking_key,
    build_event,
    event_id,
    key_countries,
    region,
    step,
    step_tables,
)

__all__ = [
    "ArchivedEvent",
    "DedupPolicy",
    "DedupState",
    "OpenEvent",
    "RetiredEvent",
    "archive_changes",
    "archive_wanted",
    "blocking_key",
    "build_event",
    "event_id",
    "key_countries",
    "region",
    "step",
    "step_tables",
]

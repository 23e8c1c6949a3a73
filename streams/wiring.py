"""What every agent is wired to: the app, its settings, topics, tables and how records are sent."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import faust

from streams.metrics import Metrics, lineage_headers
from streams.settings import Settings
from streams.web.store import RecentRecords

__all__ = ["Send", "Wiring", "changelog_written", "send_acknowledged", "send_buffered"]

Send = Callable[[faust.TopicT, bytes | None, Any], Awaitable[None]]
"""How an agent puts one record on a topic; tests pass a function that captures instead."""


async def send_buffered(topic: faust.TopicT, key: bytes | None, value: Any) -> None:
    """Queue a record; Faust flushes the producer before it commits the source offset (at-least-once)."""
    await topic.send(key=key, value=value, headers=lineage_headers(value))


async def send_acknowledged(topic: faust.TopicT, key: bytes | None, value: Any) -> None:
    """Send a record and wait for the broker's acknowledgement.

    Stateful agents deliver outputs this way before writing their table, so a crash in between replays
    the input and repeats an identical record rather than losing it.
    """
    await (await topic.send(key=key, value=value, headers=lineage_headers(value)))


async def changelog_written(table: Any) -> None:
    """Wait until the broker has every changelog record of ``table`` written so far
    (``streams.app.ChangelogTable``)."""
    await table.written()


@dataclass
class Wiring:
    """The declared topics and tables of one app; agents install themselves onto it."""

    app: faust.App
    settings: Settings
    raw: faust.TopicT
    valid: faust.TopicT
    deadletter: faust.TopicT
    mentions: faust.TopicT
    mentions_by_block: faust.TopicT
    events: faust.TopicT
    events_by_pair: faust.TopicT
    alerts: faust.TopicT
    dedup_table: Any
    dedup_archive: Any
    """Archived events by id (``agents.dedup``, "Archive"); written from the partition of their key."""
    dyad_table: Any
    send: Send = send_buffered
    deliver: Send = send_acknowledged
    written: Callable[[Any], Awaitable[None]] = changelog_written
    """How an agent waits for a table's changelog writes; tests record the calls instead."""
    metrics: Metrics = field(default_factory=Metrics)
    loading: set[str] = field(default_factory=set)
    """Stages still loading what they need before their first record (the extract model): the worker is not
    ready (``/ready``) while any is."""
    recent: RecentRecords = field(default_factory=RecentRecords)
    """Latest versions of recent events and alerts, for the dashboard."""

"""What every agent is wired to: the app, its settings, topics and tables (built by ``create_app``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import faust

from streams.metrics import Metrics
from streams.settings import Settings

__all__ = ["Wiring"]


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
    dyad_table: Any
    metrics: Metrics = field(default_factory=Metrics)

"""Names and roles of every topic strikewire reads or writes, public and internal."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "ALERTS",
    "ARTICLES_RAW",
    "ARTICLES_VALID",
    "DEADLETTER",
    "EVENTS",
    "MENTIONS",
    "PUBLIC_TOPICS",
    "TopicSpec",
    "all_topics",
    "changelog_topic",
    "consumed_topics",
    "events_by_pair_topic",
    "mentions_by_block_topic",
]

ARTICLES_RAW = "articles.raw"
ARTICLES_VALID = "articles.valid"
DEADLETTER = "articles.deadletter"
MENTIONS = "mentions"
EVENTS = "events.enriched"
ALERTS = "alerts.escalation"

PUBLIC_TOPICS = (ARTICLES_RAW, DEADLETTER, EVENTS, ALERTS)
"""Topics outside parties produce to or subscribe to; the others are strikewire's own business."""

DEDUP_TABLE = "dedup_blocks"
DEDUP_ARCHIVE = "dedup_archive"
DYAD_TABLE = "dyads"


@dataclass(frozen=True)
class TopicSpec:
    """One topic of the pipeline: what its key and value are, and who writes and reads it."""

    name: str
    key: str
    value: str
    producer: str
    consumer: str
    internal: bool = False
    compacted: bool = False
    """Changelog topics keep only the latest value per key."""


def changelog_topic(app_id: str, table: str) -> str:
    """Faust's changelog topic name for a table."""
    return f"{app_id}-{table}-changelog"


def mentions_by_block_topic(app_id: str) -> str:
    """Mentions re-keyed by dedup blocking key, so cross-reports of one event meet on one partition."""
    return f"{app_id}-mentions-by-block"


def events_by_pair_topic(app_id: str) -> str:
    """Events re-keyed by undirected dyad, so the escalate table sees a dyad on one partition."""
    return f"{app_id}-events-by-pair"


def consumed_topics(app_id: str) -> tuple[str, ...]:
    """The topics the worker group consumes and commits: their lag is the pipeline's backlog."""
    return (
        ARTICLES_RAW,
        ARTICLES_VALID,
        MENTIONS,
        mentions_by_block_topic(app_id),
        EVENTS,
        events_by_pair_topic(app_id),
    )


def all_topics(app_id: str) -> tuple[TopicSpec, ...]:
    """Every topic the pipeline needs, in flow order; created explicitly at start."""
    return (
        TopicSpec(
            ARTICLES_RAW,
            "article id (optional)",
            "Article JSON (untrusted bytes)",
            "wire ingesters",
            "validate",
        ),
        TopicSpec(DEADLETTER, "original key", "DeadLetter", "validate", "operators"),
        TopicSpec(ARTICLES_VALID, "article id", "Article", "validate", "extract", internal=True),
        TopicSpec(MENTIONS, "article id", "Mention", "extract", "dedup", internal=True),
        TopicSpec(
            mentions_by_block_topic(app_id), "blocking key", "Mention", "dedup_rekey", "dedup", internal=True
        ),
        TopicSpec(EVENTS, "event id", "Event (one record per version)", "dedup", "escalate, subscribers"),
        TopicSpec(
            events_by_pair_topic(app_id),
            "undirected dyad",
            "Event",
            "escalate_rekey",
            "escalate",
            internal=True,
        ),
        TopicSpec(ALERTS, "undirected dyad", "Alert (one record per version)", "escalate", "subscribers"),
        TopicSpec(
            changelog_topic(app_id, DEDUP_TABLE),
            "blocking key",
            "dedup state",
            "dedup table",
            "dedup recovery",
            internal=True,
            compacted=True,
        ),
        TopicSpec(
            changelog_topic(app_id, DEDUP_ARCHIVE),
            "event id",
            "archived event",
            "dedup table",
            "dedup recovery",
            internal=True,
            compacted=True,
        ),
        TopicSpec(
            changelog_topic(app_id, DYAD_TABLE),
            "undirected dyad",
            "dyad state",
            "escalate table",
            "escalate recovery",
            internal=True,
            compacted=True,
        ),
        TopicSpec(
            f"{app_id}-__assignor-__leader", "-", "Faust leader election", "Faust", "Faust", internal=True
        ),
    )

"""The whole pipeline in one process, without Kafka: validate -> extract -> dedup -> escalate.

It calls exactly the pure functions the Faust agents call, with dicts standing in for the tables, so
offline replays, back-tests and evaluations see what a worker would produce.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from agents.dedup import DedupPolicy, DedupState, OpenEvent, blocking_key, step_tables
from agents.escalate import DyadState, EscalationRules, load_rules, pair_key
from agents.escalate import step as escalate_step
from agents.extract import ExtractionPolicy, Extractor
from agents.validate import ValidationPolicy, dead_letter, validate_article
from schemas import Alert, Article, DeadLetter, Event, Mention
from schemas.errors import RejectedInput

__all__ = ["Chain", "Output"]

Output = Event | Alert | DeadLetter


@dataclass
class Chain:
    """Offline pipeline state: the dedup and dyad tables as dicts, plus the policies."""

    extractor: Extractor
    validation: ValidationPolicy = field(default_factory=ValidationPolicy)
    dedup: DedupPolicy = field(default_factory=DedupPolicy)
    rules: EscalationRules = field(default_factory=load_rules)
    blocks: dict[str, DedupState] = field(default_factory=dict)
    #: event id -> archived event (the dedup archive table).
    archive: dict[str, OpenEvent] = field(default_factory=dict)
    dyads: dict[str, DyadState] = field(default_factory=dict)
    #: mention id -> the event that held it when last seen in the dedup state (see ``event_of``).
    placement: dict[str, str] = field(default_factory=dict)
    #: event id -> the event it was merged into (``Event.superseded_by``).
    merged: dict[str, str] = field(default_factory=dict)

    @classmethod
    def create(cls, model: str = "en_core_web_sm", **kwargs: object) -> Chain:
        return cls(extractor=Extractor(ExtractionPolicy(model=model)), **kwargs)  # type: ignore[arg-type]

    def with_empty_state(self) -> Chain:
        """A chain with this one's extractor and policies and no state: a second replay without loading
        the model again."""
        return Chain(extractor=self.extractor, validation=self.validation, dedup=self.dedup, rules=self.rules)

    def feed_raw(self, records: Iterable[bytes], *, topic: str = "articles.raw") -> Iterator[Output]:
        """Validate raw records, dead-lettering the bad ones, and run the valid ones through."""
        valid: list[Article] = []
        for offset, raw in enumerate(records):
            try:
                valid.append(validate_article(raw, self.validation))
            except RejectedInput as exc:
                yield dead_letter(
                    raw,
                    exc,
                    topic=topic,
                    partition=None,
                    offset=offset,
                    key=None,
                    failed_at=dt.datetime.now(dt.UTC),
                )
        yield from self.feed_articles(valid)

    def feed_articles(self, articles: Iterable[Article], batch_size: int = 32) -> Iterator[Output]:
        batch: list[Article] = []
        for article in articles:
            batch.append(article)
            if len(batch) >= batch_size:
                yield from self._run_batch(batch)
                batch = []
        if batch:
            yield from self._run_batch(batch)

    def _run_batch(self, batch: list[Article]) -> Iterator[Output]:
        for mentions in self.extractor.extract_batch(batch):
            for mention in mentions:
                yield from self.feed_mention(mention)

    def feed_mention(self, mention: Mention) -> Iterator[Output]:
        events = step_tables(self.blocks, self.archive, mention, self.dedup)
        state = self.blocks.get(blocking_key(mention))
        for held in state.events if state is not None else ():
            for member in held.mentions:
                self.placement[member.id] = held.event.id
        for event in events:
            if event.superseded_by is not None:
                self.merged[event.id] = event.superseded_by
            yield event
            yield from self.feed_event(event)

    def event_of(self, mention_id: str) -> str | None:
        """The canonical event a mention belongs to now: where the dedup state last held it, following
        merges. None for a mention dedup never kept (e.g. too old for the retention window)."""
        event_id = self.placement.get(mention_id)
        seen: set[str] = set()
        while event_id in self.merged and event_id not in seen:
            seen.add(event_id)
            event_id = self.merged[event_id]
        return event_id

    def feed_event(self, event: Event) -> Iterator[Output]:
        key = pair_key(event)
        if key is None:
            return
        state, alerts = escalate_step(self.dyads.get(key), event, self.rules)
        self._put(self.dyads, key, state)
        yield from alerts

    @staticmethod
    def _put(table: dict, key: str, state: object) -> None:
        if state is None:
            table.pop(key, None)
        else:
            table[key] = state

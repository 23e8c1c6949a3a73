"""Faust agent of the validate stage: raw bytes in, clean Articles or dead letters out."""

from __future__ import annotations

import datetime as dt
import logging

import faust

from agents.validate import ValidationPolicy, dead_letter, validate_article
from schemas.errors import RejectedInput
from streams.wiring import Wiring

__all__ = ["install"]

log = logging.getLogger(__name__)


def install(w: Wiring) -> faust.types.AgentT:
    policy = ValidationPolicy(max_bytes=w.settings.max_article_bytes)

    @w.app.agent(w.raw, name="validate")
    async def validate(stream: faust.StreamT) -> None:
        async for event in stream.events():
            raw: bytes = event.value if isinstance(event.value, bytes) else bytes(event.value or b"")
            message = event.message
            w.metrics.inc("messages_in", "validate")
            try:
                article = validate_article(raw, policy)
            except Exception as exc:  # every failure is dead-lettered; the worker keeps running
                if not isinstance(exc, RejectedInput):
                    log.exception("unexpected error validating %s:%s@%s", message.topic, message.partition,
                                  message.offset)
                letter = dead_letter(
                    raw, exc, topic=message.topic, partition=message.partition, offset=message.offset,
                    key=message.key, failed_at=dt.datetime.now(dt.UTC),
                )
                w.metrics.inc("dead_letters", letter.reason)
                await w.deadletter.send(key=message.key, value=letter)
                continue
            w.metrics.inc("messages_out", "validate")
            await w.valid.send(key=article.id.encode(), value=article)

    return validate

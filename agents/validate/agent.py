"""Faust agent of the validate stage: raw bytes in, clean Articles or dead letters out."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging

import faust

from agents.validate import ValidationPolicy, dead_letter, validate_article, warm_up
from schemas.errors import RejectedInput
from streams.metrics import observe_input
from streams.wiring import Wiring

__all__ = ["install"]

log = logging.getLogger(__name__)


def install(w: Wiring) -> None:
    policy = ValidationPolicy(max_bytes=w.settings.max_article_bytes)

    @w.app.agent(w.raw, name="validate")
    async def validate(stream: faust.StreamT) -> None:
        # Load the language model in a thread before the first article pays for it.
        await asyncio.get_running_loop().run_in_executor(None, warm_up)
        async for event in stream.events():
            message = event.message
            raw = event.value if isinstance(event.value, bytes) else bytes(event.value or b"")
            w.metrics.inc("messages_in", "validate")
            observe_input(w.metrics, "validate", event)
            try:
                article = validate_article(raw, policy)
            except Exception as exc:  # every failure is dead-lettered; the worker keeps running
                if not isinstance(exc, RejectedInput):
                    log.exception(
                        "unexpected error validating %s[%s]@%s",
                        message.topic,
                        message.partition,
                        message.offset,
                    )
                letter = dead_letter(
                    raw,
                    exc,
                    topic=message.topic,
                    partition=message.partition,
                    offset=message.offset,
                    key=message.key,
                    failed_at=dt.datetime.now(dt.UTC),
                )
                w.metrics.inc("dead_letters", letter.reason)
                await w.send(w.deadletter, message.key, letter)
                continue
            w.metrics.inc("messages_out", "validate")
            await w.send(w.valid, article.id.encode(), article)

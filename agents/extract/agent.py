"""Faust agent of the extract stage: Articles in batches, Mentions out; spaCy runs in a child process (or a
thread), off the event loop."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging

import faust

from agents.extract import ExtractionPolicy, Extractor
from agents.extract.pool import ExtractorProcess
from agents.validate import dead_letter
from schemas import Article, Mention, encode
from streams.metrics import observe_input
from streams.wiring import Wiring

__all__ = ["install"]

log = logging.getLogger(__name__)


def install(w: Wiring) -> None:
    policy = ExtractionPolicy(model=w.settings.model, batch_size=w.settings.extract_batch_size)
    loaded: list[Extractor | ExtractorProcess] = []
    w.loading.add("extract")

    def load() -> Extractor | ExtractorProcess:
        ex = ExtractorProcess(Extractor, policy) if w.settings.extract_process else Extractor(policy)
        ex.warm_up()  # the first batch would otherwise wait for the model (and a few first-call costs)
        return ex

    async def extractor() -> Extractor | ExtractorProcess:
        if not loaded:  # loaded once per worker, in a thread: a model load takes a few seconds
            loaded.append(await asyncio.get_running_loop().run_in_executor(None, load))
            w.loading.discard("extract")
        return loaded[0]

    async def extract_batch(ex: Extractor | ExtractorProcess, batch: list[Article]) -> list[list[Mention]]:
        """Extract a batch in a thread; if it fails, retry one by one and dead-letter only the culprits."""
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(None, ex.extract_batch, batch)
        except Exception:
            log.exception("batch extraction failed; retrying article by article")
        results: list[list[Mention]] = []
        for article in batch:
            try:
                results.append(await loop.run_in_executor(None, ex.extract, article))
            except Exception as exc:
                key = article.id.encode()
                letter = dead_letter(
                    encode(article),
                    exc,
                    topic=w.valid.get_topic_name(),
                    partition=None,
                    offset=None,
                    key=key,
                    failed_at=dt.datetime.now(dt.UTC),
                    stage="extract",
                )
                w.metrics.inc("dead_letters", letter.reason)
                await w.send(w.deadletter, key, letter)
                results.append([])
        return results

    @w.app.agent(w.valid, name="extract")
    async def extract(stream: faust.StreamT) -> None:
        ex = await extractor()
        async for batch in stream.take(
            w.settings.extract_batch_size, within=w.settings.extract_batch_seconds
        ):
            w.metrics.inc("messages_in", "extract", len(batch))
            observe_input(w.metrics, "extract", stream.current_event)  # the batch's last record
            for mentions in await extract_batch(ex, list(batch)):
                for mention in mentions:
                    w.metrics.inc("messages_out", "extract")
                    await w.send(w.mentions, mention.article_id.encode(), mention)

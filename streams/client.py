"""Plain Kafka clients for the CLI, the demo and tests: produce records, follow topics, measure lag."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from dataclasses import dataclass

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.errors import KafkaError

from streams.security import client_options
from streams.settings import Settings
from streams.topics import consumed_topics

__all__ = ["Record", "follow", "group_lag", "pipeline_lag", "produce", "topic_status"]


@dataclass(frozen=True)
class Record:
    """One consumed record."""

    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes


async def produce(
    settings: Settings,
    topic: str,
    records: Iterable[tuple[bytes | None, bytes]],
    *,
    on_done: Callable[[int], None] | None = None,
) -> tuple[int, list[str]]:
    """Send ``(key, value)`` pairs to ``topic`` and wait for every acknowledgement.

    Returns (records acknowledged, one error line per record the broker refused); ``on_done`` is
    called with the number of records settled so far, for progress bars.
    """
    producer = AIOKafkaProducer(
        **client_options(settings),
        max_batch_size=settings.batch_size or 16384,
        max_request_size=max(settings.max_article_bytes * 12, 1_048_576),
        linger_ms=0 if settings.embedded else 5,
        acks="all",
    )
    await producer.start()
    sent, errors, settled = 0, [], 0
    try:
        futures = []
        for index, (key, value) in enumerate(records):
            try:
                futures.append((index, await producer.send(topic, value=value, key=key)))
            except KafkaError as exc:
                errors.append(f"record {index + 1}: {exc}")
        for index, future in futures:
            try:
                await future
                sent += 1
            except KafkaError as exc:
                errors.append(f"record {index + 1}: {exc}")
            settled += 1
            if on_done is not None:
                on_done(settled)
        return sent, errors
    finally:
        await producer.stop()


async def follow(
    settings: Settings,
    topics: Sequence[str],
    *,
    from_beginning: bool = True,
    idle_timeout: float | None = None,
) -> AsyncIterator[Record]:
    """Yield records of ``topics`` as they arrive (no consumer group, nothing committed).

    Stops after ``idle_timeout`` seconds without a record, if given.
    """
    consumer = AIOKafkaConsumer(
        *topics,
        **client_options(settings),
        auto_offset_reset="earliest" if from_beginning else "latest",
        enable_auto_commit=False,
    )
    await consumer.start()
    try:
        idle = 0.0
        while idle_timeout is None or idle < idle_timeout:
            batch = await consumer.getmany(timeout_ms=250)
            if not batch:
                idle += 0.25
                continue
            idle = 0.0
            for tp, messages in sorted(batch.items(), key=lambda item: (item[0].topic, item[0].partition)):
                for m in messages:
                    yield Record(tp.topic, tp.partition, m.offset, m.key, m.value or b"")
    finally:
        # aiokafka 0.14 may raise CancelledError from stop() of a consumer with no subscription.
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await consumer.stop()


async def group_lag(settings: Settings, group: str, topics: Sequence[str]) -> dict[TopicPartition, int]:
    """Per partition of ``topics``: end offset minus the ``group``'s committed offset (all of it if none)."""
    admin = AIOKafkaAdminClient(**client_options(settings))
    consumer = AIOKafkaConsumer(**client_options(settings), enable_auto_commit=False)
    await admin.start()
    await consumer.start()
    try:
        partitions = [
            TopicPartition(topic, p)
            for topic in topics
            for p in sorted(consumer.partitions_for_topic(topic) or ())
        ]
        # Tansu drops the connection on an OffsetFetch for "all partitions"; name them.
        committed = (
            await admin.list_consumer_group_offsets(group, partitions=partitions) if partitions else {}
        )
        ends = await consumer.end_offsets(partitions) if partitions else {}
        lag = {}
        for tp in partitions:
            meta = committed.get(tp)
            done = meta.offset if meta is not None and meta.offset >= 0 else 0
            lag[tp] = max(ends.get(tp, 0) - done, 0)
        return lag
    finally:
        await admin.close()
        # aiokafka 0.14 may raise CancelledError from stop() of a consumer with no subscription.
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await consumer.stop()


async def pipeline_lag(settings: Settings) -> int | None:
    """The worker group's backlog over every stage's input, or None when nothing is known yet."""
    lag = await group_lag(settings, settings.app_id, consumed_topics(settings.app_id))
    return sum(lag.values()) if lag else None


async def topic_status(
    settings: Settings, topics: Sequence[str], *, group: str, consumed: Sequence[str], interval: float = 2.0
) -> list[tuple[str, int, int, int | None, float]]:
    """Per topic: (name, partitions, records so far, ``group``'s lag or None for topics it does not
    consume, records/s over ``interval``)."""
    consumer = AIOKafkaConsumer(**client_options(settings), enable_auto_commit=False)
    await consumer.start()
    try:
        partitions = {
            topic: [TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic) or ())]
            for topic in topics
        }
        every = [tp for tps in partitions.values() for tp in tps]
        before = await consumer.end_offsets(every) if every else {}
        await asyncio.sleep(interval)
        after = await consumer.end_offsets(every) if every else {}
    finally:
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await consumer.stop()
    lag = await group_lag(settings, group, [t for t in topics if partitions[t] and t in consumed])
    rows = []
    for topic, tps in partitions.items():
        records = sum(after.get(tp, 0) for tp in tps)
        rate = (records - sum(before.get(tp, 0) for tp in tps)) / interval
        topic_lag = sum(lag.get(tp, 0) for tp in tps) if topic in consumed else None
        rows.append((topic, len(tps), records, topic_lag, rate))
    return rows

"""The embedded Tansu broker: starts on loopback, creates topics idempotently, leaves nothing behind."""

from __future__ import annotations

import asyncio
import os

import pytest
from aiokafka import AIOKafkaConsumer

from schemas.errors import BrokerUnavailable, ConfigurationError
from streams.broker import EmbeddedBroker, ensure_topics, free_port, wait_for_broker

pytestmark = pytest.mark.integration


async def partitions_of(bootstrap: str, topic: str) -> set[int]:
    consumer = AIOKafkaConsumer(topic, bootstrap_servers=bootstrap)
    await consumer.start()
    try:
        return set(consumer.partitions_for_topic(topic) or ())
    finally:
        await consumer.stop()


def test_broker_creates_topics_once_with_the_asked_partitions():
    with EmbeddedBroker() as broker:
        first = asyncio.run(ensure_topics(broker.bootstrap, ["t.one", "t.two"], partitions=3))
        again = asyncio.run(ensure_topics(broker.bootstrap, ["t.one", "t.two", "t.three"], partitions=3))
        assert first == ["t.one", "t.two"]
        assert again == ["t.three"]
        assert asyncio.run(partitions_of(broker.bootstrap, "t.one")) == {0, 1, 2}


def test_broker_stop_leaves_no_process():
    broker = EmbeddedBroker().start()
    pid = broker.pid
    assert pid is not None
    broker.stop()
    broker.stop()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_broker_absent_is_reported_as_unavailable():
    with pytest.raises(BrokerUnavailable, match="no Kafka broker answered"):
        asyncio.run(wait_for_broker(f"127.0.0.1:{free_port()}", timeout=1.0))


def test_broker_refuses_to_listen_beyond_loopback():
    with pytest.raises(ConfigurationError):
        EmbeddedBroker(host="0.0.0.0")


def test_broker_sends_a_key_to_the_partition_the_sweeper_computes():
    """``streams.sweep`` deletes a table key only from the partition its key bytes go to."""
    from aiokafka import AIOKafkaProducer

    from streams.sweep import key_partition

    async def sent(bootstrap: str, keys: list[str]) -> dict[str, int]:
        await ensure_topics(bootstrap, ["t.keys"], partitions=4)
        producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
        await producer.start()
        try:
            return {k: (await producer.send_and_wait("t.keys", b"x", key=k.encode())).partition for k in keys}
        finally:
            await producer.stop()

    keys = ["IRN-PAK", "IND-PAK", "ISR-LBN", "RUS-UKR", "ARM-AZE", "AFG-PAK", "SDN-SSD", "COD-RWA"]
    with EmbeddedBroker() as broker:
        got = asyncio.run(sent(broker.bootstrap, keys))
    assert got == {k: key_partition(k, 4) for k in keys}
    assert len(set(got.values())) > 1

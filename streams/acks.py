"""No commit past a record that was skipped, not processed: Faust's acks of stale records are dropped.

Faust's stream iterator *skips* a record fetched before a rebalance (its generation is not the current one,
or the flow is suspended while partitions are revoked and assigned) and acks it, so that the lag does not
grow. The ack records its offset as safe to commit. During a rebalance Faust forgets the acked offsets of
the revoked partitions first, so an ack that lands between the revocation and the next assignment (or
after it) survives into the new generation: once the new assignment has sought back to the group's
committed offset, the next commit moves past those records although no agent has processed them. The
worker reads them again, since it sought back; but if it dies before it gets to them (SIGKILL in the crash
test, a second rebalance), its successor starts after them and they are lost. Seen as articles on
``articles.valid`` whose offsets the extract stage committed without ever sending their mentions.

``GuardedConsumer`` keeps Faust's ack bookkeeping for every record of the current generation read while the
flow runs, and for any other record only marks it acked (so nothing waits for it) without recording its
offset. Records read again after the rebalance are acked normally. Faust's compiled stream iterator inlines
the ack and bypasses ``Consumer.ack``, so ``install_ack_guard`` selects Faust's pure-Python iterator (the
cost per record is microseconds; a record costs milliseconds of NLP).

The same holds for a seek. When table recovery ends, Faust resumes the stream partitions *before* it seeks
them to the group's committed offsets, and its fetch loop goes on handing out a batch fetched from the old
positions while (and after) the seek runs. Each such record moves Faust's read position, and an offset
ahead of the position the seek set counts as a *gap* (offsets Faust believes hold no record, as in a
compacted topic), which it marks as safe to commit. So the records between the committed offset and the
first one of the old batch were committed without ever being processed: seen after a SIGKILL as mentions
on the re-keyed topic that the dedup stage committed past but never read, and records read again after
the seek dropped as "already read". ``GuardedConsumer`` therefore neither fills a gap nor moves the read
position with a record of a batch fetched before the latest seek: those records are read again from the
sought position (and processed again; effects are idempotent). The exceptions are the sought record and the
ones right after it: whichever fetch brought them, they are the next records, so they move the position (else
the fetch after the seek, which starts past them, would take them for a gap).

The records of such a batch that an agent does process are acked, and rightly so, but they start above the
sought offset, and Faust commits the first consecutive run of acked offsets when it begins no more than one
offset above the committed one (an off-by-one: its committed offset is the next record to read). So the
record at the sought offset was committed past before it was processed: seen after a SIGKILL as an article
on ``articles.valid`` whose mentions never came (the seek put the read position at 4, records 5-8 of the
old batch were extracted and acked, 9 was committed while 4 waited in the stream). After a seek to a
committed offset, ``GuardedConsumer`` therefore commits the partition only once the record at that offset is
acked. (Which records of a batch came before the seek is only known conservatively, so the sought offset
itself is the floor; a topic with no record at it, e.g. a transaction marker of a transactional producer,
would hold the partition's commits until the watchdog re-reads it. Tansu has no transactions.)

A partition with no committed offset yet is not sought at all by Faust's seek to the committed offsets
(aiokafka seeks only to a positive committed offset), so the records the stream skipped there (read while
the flow was paused for recovery) were never read again, and the first commit moved past them: seen after
a SIGKILL as the first articles of an ``articles.valid`` partition, which extract never processed.
``GuardedConsumer`` seeks such a stream partition to its first record, which is then the floor.

Nor is anything committed while a seek runs, or for a partition whose start is unknown (nothing committed
and not sought yet): Faust checks acked offsets against the committed one and checks nothing while that is
unknown, so a commit then could move past records the stream skipped. Seen in a restarted worker, which
processed records between resuming its flow and the end of its seek: "first commit of
strikewire-mentions-by-block[3]: up to 5" while the seek still awaited the group's committed offsets.

Nor is a record handed out after a recovery's seek until the recovery has resumed flow control: that resume
empties every stream's queue, so such a record was thrown away unprocessed while its offset counted as read,
and its partition committed nothing until the stall watchdog read it again (``_release_on_flow_resume``).

Seeks run on Faust's consumer thread, where aiokafka's fetcher lives. Faust calls aiokafka's ``seek`` from the
event loop's thread, and aiokafka, handing out a fetched batch on the other thread, sets the partition's
position to the batch's end after the seek set it: the seek is undone and the next fetch starts past the
sought offset (seen after a restart as "Faust takes events.enriched[0] 7..9 for a gap" in a batch fetched
after the seek). Queued to the consumer thread, the seek runs between two of aiokafka's steps.

Nor does a commit precede the table writes of the records it covers. A table write is queued
(``send_soon``) and Faust flushes its producer before it commits, but that flush gives up after 0.1 s
without progress, and the record the buffer is handing to the client (which, one record per batch, waits
for the partition's previous batch) is in neither the buffer nor the client's batches it waits for. Seen
as commits of the re-keyed topic while a changelog write of a record below the committed offset was still
unacknowledged (31 of 263 commits in a full crash run): a SIGKILL then would lose that state with its input
committed. ``GuardedProducer.flush`` also waits for every record queued with ``send_soon`` so far.

The same consumer also applies the configured fetch wait (``streams.fetch``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from typing import Any, cast

import faust.streams
from faust.transport.drivers.aiokafka import Consumer as KafkaConsumer
from faust.transport.drivers.aiokafka import Producer as KafkaProducer
from faust.types.tuples import ack_lock
from mode.utils.futures import notify

from streams.fetch import FetchWaitThread

__all__ = ["GuardedConsumer", "GuardedProducer", "install_ack_guard"]

log = logging.getLogger(__name__)

_FLOW_RESUME_WAIT = 10.0
"""Seconds a worker holds records after a recovery's seek at most, should flow control not resume."""


class GuardedConsumer(KafkaConsumer):
    """Faust's aiokafka consumer that ignores acks of records from an earlier generation or a paused flow,
    and the read positions and gaps of records fetched before a seek; it fetches with the configured wait."""

    def _new_consumer_thread(self) -> FetchWaitThread:
        return FetchWaitThread(self, loop=self.loop, beacon=self.beacon)

    _seeks = 0
    """Seeks so far; a batch fetched before the latest one is stale."""
    _stale_batch = False
    """Whether the record being handed out comes from a batch fetched before the latest seek."""
    _sought: dict[Any, Any]
    """Read positions set by the seeks made while the current batch is handed out."""
    _sought_read: set[Any]
    """Partitions of ``_sought`` whose sought record the current batch has handed out since."""
    _running = 0
    """Seeks running: Faust's committed offsets and read positions are being replaced. Meanwhile no record is
    handed out and nothing is committed."""
    _no_seek_running: asyncio.Event | None = None
    _floors: dict[Any, int]
    """Partitions sought to a committed offset and not committed since: that offset. The partition commits
    only once the record there is acked."""

    commit_rounds = 0
    """Commit calls completed so far (the stall watchdog's measure of a healthy commit loop)."""
    processed: dict[Any, int]
    """Highest offset an agent has processed so far per partition (the stall watchdog's measure of
    progress while commits stand still)."""

    async def commit(self, *args: Any, **kwargs: Any) -> bool:
        try:
            return bool(await super().commit(*args, **kwargs))
        finally:
            self.commit_rounds += 1

    async def perform_seek(self) -> None:
        # Faust's seek awaits the broker partition by partition before it sets the read positions, and the
        # fetch loop would go on handing out records meanwhile, from old positions and new ones: seen as
        # "Faust takes articles.valid[3] 4..7 for a gap" during this seek, and those three articles lost
        # after a SIGKILL. So a batch fetched before this point is stale, and nothing is handed out (nor
        # committed) until the seek is over, and then until the recovery that called it has resumed flow
        # control (see ``_release_on_flow_resume``).
        release = self._pause_hand_out()
        try:
            await super().perform_seek()
            self._seeked(list(self._read_offset))
            starts = await self._seek_uncommitted_to_start()
            if starts:
                self._seeked(list(starts), starts)
        except BaseException:
            release()
            raise
        self._release_on_flow_resume(release)

    def _release_on_flow_resume(self, release: Callable[[], None]) -> None:
        """Keep holding records until the app's flow control resumes, at most ``_FLOW_RESUME_WAIT`` s.

        Faust's recovery seeks the stream partitions, which it has already resumed, to the committed offsets
        and *then* resumes flow control, which empties every stream's queue. The fetch loop runs in
        between (the seek's end wakes it first), so a record it handed out then was queued for an agent and
        thrown away, never processed nor acked, while its offset counted as read: the partition committed
        nothing past it and the fetch after it dropped it as already read, until the stall watchdog read
        it again 20 s later (seen after 3 of 24 restarts in the crash test: "flow control clears
        articles.raw[2]@9" right after the seek, then that partition's commits stood at 9)."""
        control = self.app.flow_control
        resume = control.resume

        def resumed() -> None:
            resume()
            if control.__dict__.get("resume") is resumed:
                del control.resume  # one call: the bound method is Faust's again
            release()

        control.resume = resumed  # type: ignore[method-assign]  # one-shot wrapper of this instance's method
        self.loop.call_later(_FLOW_RESUME_WAIT, release)

    def _pause_hand_out(self) -> Callable[[], None]:
        """Hand out no record (and commit nothing) until the returned function is called (idempotent)."""
        self._seeks += 1
        self._running += 1
        quiet = self._no_seek_running
        if quiet is None:
            quiet = self._no_seek_running = asyncio.Event()
        quiet.clear()
        held = True

        def release() -> None:
            nonlocal held
            if held:
                held = False
                self._running -= 1
                if not self._running:
                    quiet.set()

        return release

    @contextlib.asynccontextmanager
    async def _seeking(self) -> AsyncIterator[None]:
        release = self._pause_hand_out()
        try:
            yield
        finally:
            release()

    async def _after_seeks(self) -> None:
        """Wait while a seek runs."""
        while self._running:
            assert self._no_seek_running is not None  # created by the first seek
            await self._no_seek_running.wait()

    async def _seek_uncommitted_to_start(self) -> dict[Any, int]:
        """Seek the stream partitions that have no committed offset to their first record; return those
        offsets. Faust's seek to the committed offsets leaves such a partition where the consumer happens to
        be, so the records it handed out and the stream skipped (read while the flow was paused, or in an
        earlier generation) would never be read again, and the first commit after them would move past
        them unprocessed: seen after a SIGKILL as the first articles of an ``articles.valid`` partition that
        the extract stage never processed. (The app resets to the earliest offset, ``streams.app``: the first
        record is where an uncommitted partition starts.)"""
        assigned = self.assignment()
        acks_enabled_for = self.app.topics.acks_enabled_for
        tps = [
            tp
            for tp, offset in self._read_offset.items()
            if offset is None and tp in assigned and acks_enabled_for(tp.topic)
        ]
        if not tps:
            return {}
        earliest = await self.earliest_offsets(*tps)
        starts = {tp: int(earliest[tp]) for tp in tps if earliest.get(tp) is not None}
        for tp, offset in starts.items():
            log.info(
                "seeking %s[%d] to its first record %d: nothing is committed there yet",
                tp.topic,
                tp.partition,
                offset,
            )
            await super().seek(tp, offset)
        return starts

    async def seek(self, partition: Any, offset: int) -> None:
        async with self._seeking():
            await super().seek(partition, offset)
            self._seeked([partition], {partition: offset})

    async def _seek(self, partition: Any, offset: int) -> None:
        # Faust calls aiokafka's ``seek`` from the event loop's thread while the consumer thread may be
        # handing out a fetched batch: aiokafka then sets the position to that batch's end after the seek
        # set it, the seek is lost, and the next fetch starts past the sought offset (seen as "Faust takes
        # events.enriched[0] 7..9 for a gap" after a restart). On the consumer thread it runs between two
        # of aiokafka's steps, never inside one.
        # (``call_thread`` is typed for coroutine functions; mode awaits a plain function's result too)
        await self._thread.call_thread(cast(Any, self._thread.seek), partition, offset)

    def _seeked(self, tps: list[Any], starts: dict[Any, int] | None = None) -> None:
        self._seeks += 1
        sought = self.__dict__.setdefault("_sought", {})
        sought.update({tp: self._read_offset[tp] for tp in tps})
        self.__dict__.setdefault("_sought_read", set()).difference_update(tps)
        floors = self.__dict__.setdefault("_floors", {})
        floors.update({tp: self._read_offset[tp] for tp in tps if self._read_offset[tp] is not None})
        floors.update(starts or {})

    async def getmany(self, timeout: float) -> Any:
        await self._after_seeks()
        seeks = self._seeks
        self._sought = {}
        self._sought_read = set()
        try:
            async for tp, message in super().getmany(timeout):
                await self._after_seeks()
                self._undo_stale_reads(seeks)
                if self._stale_batch:
                    self._follow(tp, message.offset)
                yield tp, message
        finally:
            self._undo_stale_reads(seeks)
            self._stale_batch = False

    def _undo_stale_reads(self, seeks: int) -> None:
        """Mark the batch stale once a seek happened since it was fetched, and put back the read positions
        that seek set, which the record handed out before (in flight during the seek) has just moved."""
        self._stale_batch = self._seeks != seeks
        if self._stale_batch and self._sought:
            self._read_offset.update(self._sought)

    def _follow(self, tp: Any, offset: int) -> None:
        """A stale batch's record that is the next one after a seek moves the read position that the seek
        set: the same offset is the same record, whichever fetch brought it. Otherwise the fetch after the
        seek, which starts past it, would take it for a gap (seen as "Faust takes
        strikewire-mentions-by-block[0] 8..15 for a gap" after the stale batch handed out 8..14).

        A seek sets Faust's read position to the offset to read *next*, which the record there leaves as
        the offset *read*: so first the sought offset itself, then each one after it. A record past the
        sought one (that one handed out before the seek) moves nothing, else the fetch after the seek
        would drop the sought record as already read."""
        sought = self._sought.get(tp)
        if sought is None:
            return
        if offset == (sought + 1 if tp in self._sought_read else sought):
            self._sought[tp] = offset
            self._sought_read.add(tp)

    async def _add_gap(self, tp: Any, offset_from: int, offset_to: int) -> None:
        if self._stale_batch:
            log.info(
                "not taking %s[%d] %d..%d for a gap: the record after it was fetched before a seek",
                tp.topic,
                tp.partition,
                offset_from,
                offset_to,
            )
            return
        # None of this app's input topics is compacted or transactional, so a jump of the read position is
        # unexpected: logged to tell it from other losses (Faust then commits past it as before).
        log.warning(
            "Faust takes %s[%d] %d..%d for a gap (no records there)",
            tp.topic,
            tp.partition,
            offset_from,
            offset_to,
        )
        await super()._add_gap(tp, offset_from, offset_to)

    def _new_offset(self, tp: Any) -> int | None:
        floors = self.__dict__.setdefault("_floors", {})
        committed = self._committed_offset[tp]
        floor = floors.get(tp)
        if floor is not None and committed is not None and committed > floor:
            del floors[tp]  # committed beyond it since (or elsewhere): the record there was processed
            floor = None
        if not self._acked[tp]:
            return None
        if self._running or (committed is None and floor is None):
            # Faust's own check compares the acked offsets with the committed one, and checks nothing while
            # that is unknown: a commit now could move past records that were skipped, not processed (seen
            # as "first commit of strikewire-mentions-by-block[3]: up to 5" while the restarted worker's
            # seek still awaited the group's committed offsets).
            self._hold(tp, None)
            return None
        if floor is not None:
            gaps = self._gap.get(tp)
            head = min(self._acked[tp] + ([min(iv.begin for iv in gaps)] if gaps else []))
            if head > floor:
                self._hold(tp, floor, head)
                return None
        self.__dict__.get("_held", {}).pop(tp, None)
        result: int | None = super()._new_offset(tp)
        if result is not None and self._committed_offset[tp] is None:
            log.info("first commit of %s[%d]: up to %d", tp.topic, tp.partition, result)
        return result

    def _hold(self, tp: Any, floor: int | None, head: int | None = None) -> None:
        """Log (once per hold, not on every commit round) that ``tp`` is not committed."""
        held = self.__dict__.setdefault("_held", {})
        if tp in held and held[tp] == floor:
            return
        held[tp] = floor
        if floor is None:
            log.info(
                "not committing %s[%d] yet: its start is unknown (a seek runs or nothing is committed)",
                tp.topic,
                tp.partition,
            )
        else:
            log.info(
                "not committing %s[%d] past %d: the record at the sought offset %d is not processed",
                tp.topic,
                tp.partition,
                head,
                floor,
            )

    def stale(self, message: Any) -> bool:
        app = self.app
        return message.generation_id != app.consumer_generation_id or not app.flow_control.is_active()

    def ack(self, message: Any) -> bool:
        if not self.stale(message):
            processed = self.__dict__.setdefault("processed", {})
            if message.offset > processed.get(message.tp, -1):
                processed[message.tp] = message.offset
            return bool(super().ack(message))
        with ack_lock:
            if message.acked:
                return False
            message.acked = True
            self._unacked_messages.discard(message)
            notify(self._waiting_for_ack)
        wiring = getattr(self.app, "strikewire", None)
        if wiring is not None:
            wiring.metrics.inc("stale_acks")
        log.info(
            "dropped the ack of %s[%d]@%d, read in generation %s (now %s) or while the flow was paused: "
            "it is read again",
            message.topic,
            message.partition,
            message.offset,
            message.generation_id,
            self.app.consumer_generation_id,
        )
        return False


class GuardedProducer(KafkaProducer):
    """Faust's aiokafka producer whose flush also waits for the records queued with ``send_soon``."""

    _queued: set[Any]
    """Records queued with ``send_soon`` (table changelog writes) and not acknowledged yet."""

    def send_soon(self, fut: Any) -> None:
        queued = self.__dict__.setdefault("_queued", set())
        queued.add(fut)
        fut.add_done_callback(queued.discard)
        super().send_soon(fut)

    async def flush(self) -> None:
        await super().flush()
        queued = self.__dict__.get("_queued")
        while queued:
            await asyncio.wait(list(queued))
            await super().flush()


def install_ack_guard(app: Any) -> None:
    """Make ``app`` consume with ``GuardedConsumer`` and produce with ``GuardedProducer`` (Kafka only),
    through Faust's Python iterator."""
    transport = app.transport
    if getattr(transport, "Consumer", None) is not KafkaConsumer:
        return  # another transport (tests' memory://): nothing to guard
    transport.Consumer = GuardedConsumer
    transport.Producer = GuardedProducer
    faust.streams._CStreamIterator = None  # type: ignore[attr-defined]

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

The same consumer also applies the configured fetch wait (``streams.fetch``).
"""

from __future__ import annotations

import logging
from typing import Any

import faust.streams
from faust.transport.drivers.aiokafka import Consumer as KafkaConsumer
from faust.types.tuples import ack_lock
from mode.utils.futures import notify

from streams.fetch import FetchWaitThread

__all__ = ["GuardedConsumer", "install_ack_guard"]

log = logging.getLogger(__name__)


class GuardedConsumer(KafkaConsumer):
    """Faust's aiokafka consumer that ignores acks of records from an earlier generation or a paused flow
    (and fetches with the configured wait)."""

    def _new_consumer_thread(self) -> FetchWaitThread:
        return FetchWaitThread(self, loop=self.loop, beacon=self.beacon)

    def stale(self, message: Any) -> bool:
        app = self.app
        return message.generation_id != app.consumer_generation_id or not app.flow_control.is_active()

    def ack(self, message: Any) -> bool:
        if not self.stale(message):
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


def install_ack_guard(app: Any) -> None:
    """Make ``app`` consume with ``GuardedConsumer`` (Kafka only), through Faust's Python iterator."""
    transport = app.transport
    if getattr(transport, "Consumer", None) is not KafkaConsumer:
        return  # another transport (tests' memory://): nothing to guard
    transport.Consumer = GuardedConsumer
    faust.streams._CStreamIterator = None  # type: ignore[attr-defined]

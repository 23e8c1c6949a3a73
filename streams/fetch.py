"""How long the broker may hold a worker's fetch request: ``Settings.fetch_wait_ms``.

Faust builds its aiokafka consumer with ``fetch_max_wait_ms=1500`` and no setting to change it. Kafka answers
a fetch as soon as one record is there (``fetch_min_bytes=1``), so the wait only bounds idle polling. The
embedded Tansu broker holds the request until the wait expires even when records arrive meanwhile: measured
on it, a record produced while the consumer waits arrived 640 ms later at the median with 1500 ms and 16 ms
with 50 ms. An article crosses four stage hops before it is an enriched event, so the wait set the
pipeline's latency floor (~2.3 s median at half load before this setting).
"""

from __future__ import annotations

from typing import Any

import aiokafka
from faust.transport.drivers.aiokafka import AIOKafkaConsumerThread

__all__ = ["FetchWaitThread"]


class FetchWaitThread(AIOKafkaConsumerThread):
    """Faust's consumer thread, whose worker consumer uses the app's configured fetch wait."""

    def _create_worker_consumer(self, transport: Any) -> aiokafka.AIOKafkaConsumer:
        consumer = super()._create_worker_consumer(transport)
        wiring = getattr(self.app, "strikewire", None)
        wait = wiring.settings.fetch_wait_ms if wiring is not None else None
        if wait is not None:
            # aiokafka passes it to its Fetcher when the consumer starts (the thread starts it next)
            consumer._fetch_max_wait_ms = wait
        return consumer

"""Running things: the embedded broker when configured, topic preparation, and the Faust worker."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Iterator

from aiokafka.errors import KafkaError

from schemas.errors import BrokerUnavailable
from streams.broker import EmbeddedBroker, ensure_topics, wait_for_broker
from streams.security import client_options
from streams.settings import Settings
from streams.topics import all_topics

__all__ = ["embedded_broker", "prepare_topics", "run_worker"]

log = logging.getLogger(__name__)


@contextlib.contextmanager
def embedded_broker(settings: Settings) -> Iterator[EmbeddedBroker | None]:
    """Run the embedded broker for the duration of the block, unless a broker URL is configured."""
    if not settings.embedded:
        yield None
        return
    with EmbeddedBroker(
        settings.embedded_host, settings.embedded_port, start_timeout=settings.broker_start_timeout
    ) as running:
        yield running


async def prepare_topics(settings: Settings) -> list[str]:
    """Wait for the broker, then create every pipeline topic that is missing; returns those created."""
    options = client_options(settings)
    await wait_for_broker(settings.bootstrap, settings.broker_start_timeout, **options)
    specs = all_topics(settings.app_id)
    return await ensure_topics(
        settings.bootstrap,
        [spec.name for spec in specs],
        partitions=settings.topic_partitions,
        replication_factor=settings.replication_factor,
        compacted=[spec.name for spec in specs if spec.compacted],
        **options,
    )


async def _prepare_topics_patiently(settings: Settings) -> list[str]:
    """``prepare_topics``, retried until the broker answers: a worker started before its broker (compose,
    Kubernetes) waits for it instead of exiting. Each attempt waits ``broker_start_timeout`` seconds; the
    pause between attempts doubles up to 30 s. Ctrl-C/SIGTERM still stop the worker at once."""
    pause = 1.0
    attempt = 1
    while True:
        try:
            return await prepare_topics(settings)
        except (BrokerUnavailable, KafkaError, OSError) as exc:
            log.warning(
                "broker %s not available (attempt %d): %s; retrying in %.0fs",
                settings.bootstrap,
                attempt,
                exc,
                pause,
            )
        await asyncio.sleep(pause)
        pause = min(pause * 2, 30.0)
        attempt += 1


def max_request_size(settings: Settings) -> int:
    """Largest record the worker must be able to send: a dead letter carries the original record (up to
    the ``max_article_bytes * 12`` that ``streams.client.produce`` lets through) base64-encoded inside
    JSON, i.e. 4/3 of it plus the envelope. Faust's default (1 MB) made the validate agent crash on the
    dead letter of a 10 MB record, and that record was lost."""
    largest_raw = max(settings.max_article_bytes * 12, 1_048_576)
    return largest_raw * 4 // 3 + 1_048_576


def run_worker(settings: Settings) -> None:
    """Prepare topics and run one Faust worker with all four stages until it is stopped."""
    import faust

    from streams.app import create_app

    created = asyncio.run(_prepare_topics_patiently(settings))
    if created:
        log.info("created topics: %s", ", ".join(created))
    asyncio.set_event_loop(asyncio.new_event_loop())
    app = create_app(settings, producer_max_request_size=max_request_size(settings))
    logging_config = None
    if settings.log_json:
        from streams.web.logs import worker_logging_config

        logging_config = worker_logging_config(settings.log_level)
    worker = faust.Worker(app, loglevel=settings.log_level, quiet=True, logging_config=logging_config)
    worker.execute_from_commandline()

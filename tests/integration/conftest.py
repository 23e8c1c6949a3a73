"""A real embedded broker and a real worker process, shared by the integration tests of a module."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from streams.broker import EmbeddedBroker, free_port
from streams.demo import Outcome, WorkerProcess, pump, wait_until_drained
from streams.runtime import prepare_topics
from streams.settings import Settings

pytestmark = pytest.mark.integration


@dataclass
class Pipeline:
    """Handles on a running broker and worker."""

    settings: Settings
    env: dict[str, str]
    broker: EmbeddedBroker
    worker: WorkerProcess

    def restart_worker(self, *, kill: bool = False) -> None:
        if kill:
            self.worker.kill()
        self.worker.stop()
        self.worker = WorkerProcess(self.env)

    def drain(self, outcome: Outcome, timeout: float = 150.0) -> None:
        """Collect everything on the output topics until the worker has caught up."""

        async def run() -> bool:
            queue: asyncio.Queue = asyncio.Queue()
            task = asyncio.create_task(pump(self.settings, queue))
            try:
                return await wait_until_drained(
                    self.settings, outcome, queue, timeout=timeout, worker=self.worker
                )
            finally:
                task.cancel()
                await asyncio.gather(task, return_exceptions=True)

        assert asyncio.run(run()), (
            f"pipeline did not drain in {timeout}s; worker log:\n{self.worker.tail(60)}"
        )


@pytest.fixture(scope="module")
def pipeline() -> Iterator[Pipeline]:
    port = free_port()
    env = {"STRIKEWIRE_EMBEDDED_PORT": str(port), "STRIKEWIRE_WEB_PORT": str(free_port())}
    settings = Settings(embedded_port=port, web_port=int(env["STRIKEWIRE_WEB_PORT"]))
    with EmbeddedBroker(port=port) as broker:
        asyncio.run(prepare_topics(settings))
        worker = WorkerProcess(env)
        running = Pipeline(settings, env, broker, worker)
        try:
            yield running
        finally:
            running.worker.stop()

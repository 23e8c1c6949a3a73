"""Fault-injection tier: real embedded brokers and real worker processes, hurt on purpose.

Sizes are reduced by default (this tier runs inside ``make test``); ``STRIKEWIRE_FAULTS_FULL=1``
(``make faults``) selects the full sizes of issue 7. Every test prints what it injected and found.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # bench.wire (the article generator) lives at the repository root
    sys.path.insert(0, str(ROOT))

from streams.broker import EmbeddedBroker, free_port  # noqa: E402
from streams.client import Record, follow, pipeline_lag  # noqa: E402
from streams.demo import WorkerProcess  # noqa: E402
from streams.runtime import prepare_topics  # noqa: E402
from streams.settings import Settings  # noqa: E402

FULL = os.environ.get("STRIKEWIRE_FAULTS_FULL", "") not in {"", "0", "false", "no"}
GVA_ARTICLES = ROOT.parent / "shared" / "eval" / "gva-dev-articles.jsonl"


def size(reduced: int, full: int, env: str | None = None) -> int:
    """A test size: ``env`` overrides; else the full size under STRIKEWIRE_FAULTS_FULL, else reduced."""
    if env and os.environ.get(env):
        return int(os.environ[env])
    return full if FULL else reduced


def say(*parts: object) -> None:
    """Report what was injected/found (shown with -s, and in the captured output of a failure)."""
    print("[faults]", *parts, flush=True)


@dataclass
class Stack:
    """One embedded broker (possibly not started yet) and the worker processes pointed at it."""

    port: int
    web_port: int
    extra_env: dict[str, str] = field(default_factory=dict)
    broker: EmbeddedBroker | None = None
    workers: list[WorkerProcess] = field(default_factory=list)

    @property
    def env(self) -> dict[str, str]:
        return {
            "STRIKEWIRE_EMBEDDED_PORT": str(self.port),
            "STRIKEWIRE_WEB_PORT": str(self.web_port),
        } | self.extra_env

    @property
    def settings(self) -> Settings:
        return Settings(**{k.removeprefix("STRIKEWIRE_").lower(): v for k, v in self.env.items()})

    def start_broker(self) -> EmbeddedBroker:
        self.broker = EmbeddedBroker(port=self.port).start()
        asyncio.run(prepare_topics(self.settings))
        return self.broker

    def stop_broker(self) -> None:
        if self.broker is not None:
            self.broker.stop()
            self.broker = None

    def start_worker(self, **env: str) -> WorkerProcess:
        worker = WorkerProcess(self.env | env)
        self.workers.append(worker)
        return worker

    @property
    def worker(self) -> WorkerProcess:
        return self.workers[-1]

    def close(self) -> None:
        for worker in self.workers:
            with contextlib.suppress(Exception):
                worker.stop(timeout=10)
        self.stop_broker()

    # -- HTTP probes of the worker ----------------------------------------------------------------------

    def get(self, path: str, timeout: float = 5.0, web_port: int | None = None) -> tuple[int, str]:
        url = f"http://127.0.0.1:{web_port or self.web_port}{path}"
        try:
            with urllib.request.urlopen(url, timeout=timeout) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode()
        except OSError as exc:
            return 0, str(exc)

    def ready(self) -> tuple[int, str]:
        return self.get("/ready")

    def metrics(self, web_port: int | None = None) -> dict[str, float]:
        status, text = self.get("/metrics", web_port=web_port)
        out: dict[str, float] = {}
        if status != 200:
            return out
        for line in text.splitlines():
            if line and not line.startswith("#"):
                name, _, value = line.rpartition(" ")
                with contextlib.suppress(ValueError):
                    out[name] = float(value)
        return out

    def wait_ready(self, timeout: float = 120.0) -> float:
        """Seconds until ``/ready`` answered 200; fails with the worker log on timeout."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            assert self.worker.alive(), f"worker exited:\n{self.worker.tail(60)}"
            if self.ready()[0] == 200:
                return time.monotonic() - started
            time.sleep(0.5)
        pytest.fail(f"worker not ready within {timeout}s: {self.ready()}\n{self.worker.tail(60)}")

    # -- Kafka-side observation -------------------------------------------------------------------------

    def read(self, names: list[str], idle: float = 2.0) -> list[Record]:
        """Everything currently on ``names`` (stops after ``idle`` seconds without a record)."""

        async def run() -> list[Record]:
            return [r async for r in follow(self.settings, names, idle_timeout=idle)]

        return asyncio.run(run())

    def lag(self) -> int | None:
        try:
            return asyncio.run(pipeline_lag(self.settings))
        except Exception:
            return None

    def agent_crashes(self) -> list[str]:
        """Lines of every worker log so far where Faust's supervisor restarted a crashed agent."""
        found = []
        for worker in self.workers:
            with contextlib.suppress(OSError):
                text = Path(worker.log.name).read_text(errors="replace")
                found += [line for line in text.splitlines() if "Crashed reason=" in line]
        return found

    def wait_drained(self, timeout: float, *, quiet: float = 3.0, require_alive: bool = True) -> float:
        """Seconds until the worker group has no lag on any stage input for ``quiet`` seconds.

        Fails at once when an agent crashed (Faust restarts it and it crashes again on the next record,
        so the pipeline would never drain)."""
        started = time.monotonic()
        zero_since: float | None = None
        while time.monotonic() - started < timeout:
            crashes = self.agent_crashes()
            if crashes:
                pytest.fail(
                    f"{len(crashes)} agent crashes in the worker, first: {crashes[0][:400]}\n"
                    f"worker log:\n{self.worker.tail(40)}"
                )
            if require_alive:
                assert self.worker.alive(), f"worker exited:\n{self.worker.tail(60)}"
            lag = self.lag()
            if lag == 0:
                zero_since = zero_since or time.monotonic()
                if time.monotonic() - zero_since >= quiet:
                    return time.monotonic() - started
            else:
                zero_since = None
            time.sleep(1.0)
        pytest.fail(f"not drained within {timeout}s (lag {self.lag()}):\n{self.worker.tail(60)}")


@pytest.fixture
def stack() -> Iterator[Stack]:
    """A stack on fresh ports; the test starts what it needs; everything is stopped afterwards."""
    running = Stack(port=free_port(), web_port=free_port())
    try:
        yield running
    finally:
        running.close()


def raw_json(article: dict[str, object]) -> bytes:
    return json.dumps(article, ensure_ascii=False).encode()

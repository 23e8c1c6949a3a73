"""``strikewire demo``: embedded broker + one worker process + the demo articles, shown live, then a summary.

Everything started here is stopped here, on success, failure or Ctrl-C.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import click

from schemas import Alert, DeadLetter, Event, decode
from streams import topics
from streams.broker import free_port
from streams.client import Record, follow, group_lag, produce
from streams.inputs import read_records
from streams.render import Style, alert_line, dead_letter_line, event_line, live_ids
from streams.runtime import embedded_broker, prepare_topics
from streams.settings import Settings

__all__ = ["DEMO_FILE", "Outcome", "WorkerProcess", "run_demo", "wait_until_drained"]

DEMO_FILE = Path(__file__).resolve().parent.parent / "demo" / "articles.jsonl"


@dataclass
class Outcome:
    """What came out of the pipeline, deduplicated by (id, version)."""

    articles: int = 0
    dead_letters: list[DeadLetter] = field(default_factory=list)
    events: dict[tuple[str, int], Event] = field(default_factory=dict)
    alerts: dict[tuple[str, int], Alert] = field(default_factory=dict)

    def add(self, record: Record) -> object | None:
        """Record one output; returns the decoded record if it is new, None for a repeat."""
        if record.topic == topics.EVENTS:
            event = decode(Event, record.value)
            return None if self.events.setdefault((event.id, event.version), event) is not event else event
        if record.topic == topics.ALERTS:
            alert = decode(Alert, record.value)
            return None if self.alerts.setdefault((alert.id, alert.version), alert) is not alert else alert
        if record.topic == topics.DEADLETTER:
            letter = decode(DeadLetter, record.value)
            self.dead_letters.append(letter)
            return letter
        return None

    @property
    def live_events(self) -> set[str]:
        return live_ids(self.events.values())

    @property
    def live_alerts(self) -> set[str]:
        return live_ids(self.alerts.values())

    def summary(self) -> str:
        event_ids, alert_ids = self.live_events, self.live_alerts
        return (
            f"{self.articles} articles read, {len(self.dead_letters)} dead letters, "
            f"{len(event_ids)} canonical events ({len(self.events)} versions), "
            f"{len(alert_ids)} alerts ({len(self.alerts)} versions)"
        )


class WorkerProcess:
    """A ``strikewire worker`` subprocess in its own process group, logging to a file."""

    def __init__(self, settings_env: dict[str, str]) -> None:
        self.log = tempfile.NamedTemporaryFile(prefix="strikewire-worker-", suffix=".log", delete=False)  # noqa: SIM115
        env = dict(os.environ) | settings_env
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streams.cli", "worker"],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL the whole worker process group at once (fault tests)."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self, timeout: float = 15.0) -> None:
        """SIGTERM, then SIGKILL after ``timeout`` seconds; safe to call twice."""
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.kill()
        self.log.close()

    def tail(self, lines: int = 30) -> str:
        return "\n".join(Path(self.log.name).read_text(errors="replace").splitlines()[-lines:])


async def wait_until_drained(
    settings: Settings,
    outcome: Outcome,
    source: asyncio.Queue[Record],
    *,
    timeout: float,
    quiet: float = 3.0,
    on_new: object = None,
    worker: WorkerProcess | None = None,
) -> bool:
    """Collect outputs from ``source`` until the worker group has no lag on any stage's input and nothing new
    came for ``quiet`` seconds; False on timeout."""
    group_topics = topics.consumed_topics(settings.app_id)
    deadline = time.monotonic() + timeout
    last_new = time.monotonic()
    next_check = 0.0
    while time.monotonic() < deadline:
        if worker is not None and not worker.alive():
            raise click.ClickException(f"the worker exited early:\n{worker.tail()}")
        try:
            record = await asyncio.wait_for(source.get(), timeout=0.25)
        except TimeoutError:
            record = None
        if record is not None:
            new = outcome.add(record)
            if new is not None:
                last_new = time.monotonic()
                if callable(on_new):
                    on_new(new)
            continue
        now = time.monotonic()
        if now >= next_check and now - last_new >= quiet:
            next_check = now + 1.0
            lag = await group_lag(settings, settings.app_id, group_topics)
            if lag and sum(lag.values()) == 0:
                return True
    return False


async def pump(settings: Settings, queue: asyncio.Queue[Record]) -> None:
    async for record in follow(settings, [topics.EVENTS, topics.ALERTS, topics.DEADLETTER]):
        await queue.put(record)


def _exit_on_signal(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def run_demo(path: Path | None, *, timeout: float = 180.0) -> int:
    """Run the demo; returns the process exit code."""
    # Ctrl-C must interrupt even when started with SIGINT ignored (a background job), and SIGTERM must
    # unwind too: both run the cleanup below, so no broker or worker outlives the demo.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _exit_on_signal)
    path = path or DEMO_FILE
    records = list(read_records(path))
    base = Settings()
    overrides: dict[str, str] = {}
    if base.embedded:
        overrides["STRIKEWIRE_EMBEDDED_PORT"] = str(free_port(base.embedded_host))
    overrides["STRIKEWIRE_WEB_PORT"] = str(free_port(base.web_host))
    settings = Settings(
        **cast(dict[str, Any], {k.removeprefix("STRIKEWIRE_").lower(): v for k, v in overrides.items()})
    )
    style = Style()
    outcome = Outcome(articles=len(records))

    seen_rules: dict[str, tuple[str, frozenset[str]]] = {}

    def show(item: object) -> None:
        if isinstance(item, Event):
            click.echo(event_line(item, style))
        elif isinstance(item, Alert):
            # Reasons only when the level or the rules change; other updates just add evidence.
            judgement = (item.level.value, frozenset(hit.rule for hit in item.rules))
            changed = seen_rules.get(item.id) != judgement
            seen_rules[item.id] = judgement
            click.echo(alert_line(item, style, reasons=3 if changed else 0))
        elif isinstance(item, DeadLetter):
            click.echo(dead_letter_line(item, style))

    click.echo(f"strikewire demo: {len(records)} records from {path}")
    with embedded_broker(settings) as broker:
        if broker is not None:
            click.echo(f"embedded broker on {broker.bootstrap} (pid {broker.pid})")
        asyncio.run(prepare_topics(settings))
        worker = WorkerProcess(overrides)
        click.echo(
            f"worker pid {worker.process.pid}, dashboard http://{settings.web_host}:{settings.web_port}/, "
            f"log {worker.log.name}"
        )
        try:
            drained = asyncio.run(_run(settings, records, outcome, show, worker, timeout))
        finally:
            worker.stop()
    click.echo(("demo: " if drained else "demo (timed out): ") + outcome.summary())
    return 0 if drained else 1


async def _run(
    settings: Settings,
    records: list[tuple[bytes | None, bytes]],
    outcome: Outcome,
    show: object,
    worker: WorkerProcess,
    timeout: float,
) -> bool:
    queue: asyncio.Queue[Record] = asyncio.Queue()
    consumer = asyncio.create_task(pump(settings, queue))
    try:
        await produce(settings, topics.ARTICLES_RAW, records)
        return await wait_until_drained(settings, outcome, queue, timeout=timeout, on_new=show, worker=worker)
    finally:
        consumer.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await consumer

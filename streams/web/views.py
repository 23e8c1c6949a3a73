"""The worker's web endpoints on Faust's web server: dashboard, JSON state, Prometheus metrics, probes.

``/health``     200 while the process serves HTTP (liveness); never needs the token.
``/ready``      200 when the worker runs, has loaded its model, has partitions of the pipeline topics
                assigned, is not rebalancing or recovering tables, the broker answered an offsets request,
                and no partition is stalled (see ``streams.watchdog``); else 503 with the reason.
``/metrics``    Prometheus text format (see ``streams.metrics``).
``/api/state``  JSON for the dashboard.
``/``, ``/dashboard``  the self-contained dashboard page (no external resources).

With ``STRIKEWIRE_WEB_TOKEN`` set, every path but ``/health`` needs ``Authorization: Bearer <token>`` (or
``?token=<token>``, which the dashboard page passes on to its own requests).
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import os
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import faust
from aiohttp import web as aioweb

from streams.metrics import CONTENT_TYPE, Metrics, PartitionLag, render_prometheus
from streams.watchdog import StallDetector
from streams.web.state import dashboard_state

if TYPE_CHECKING:
    from streams.wiring import Wiring

__all__ = ["OPEN_PATHS", "Probe", "authorized", "dashboard_html", "install_web", "token_middleware"]

log = logging.getLogger(__name__)

OPEN_PATHS = frozenset({"/health", "/health/"})
"""Paths served without the token."""

CommittedReader = Callable[[list[Any]], Awaitable[dict[tuple[str, int], int | None]]]
"""Reads the consumer group's committed offsets from the broker: (topic, partition) -> offset or None."""

ClusterReader = Callable[[], Awaitable[str | None]]
"""Reads the id of the cluster the broker belongs to (Kafka's metadata ``cluster_id``)."""

_RESET_REPEAT_SECONDS = 60.0
"""After a change of cluster, a rebalance that ends within this many seconds seeks every partition to the
group's committed offsets, which the worker may have written from positions that predate the change: each
such rebalance is followed by another rewind to the start."""

_CACHE_SECONDS = 1.0
_BROKER_TIMEOUT = 3.0
_BROKER_STALE = 10.0


def _topic_of(tp: tuple[str, int]) -> str:
    """A partition's topic: the agent that consumes it (the watchdog's group)."""
    return tp[0]


def authorized(token: str | None, header: str | None, query_token: str | None) -> bool:
    """Whether a request may pass: no token configured, or a matching bearer header or ``token`` query."""
    if not token:
        return True
    offered = None
    if header and header[:7].lower() == "bearer ":
        offered = header[7:].strip()
    elif query_token:
        offered = query_token
    return offered is not None and hmac.compare_digest(offered.encode(), token.encode())


def token_middleware(token: str) -> Any:
    """aiohttp middleware answering 401 to requests without the token (``/health`` excepted)."""

    @aioweb.middleware
    async def require_token(request: aioweb.Request, handler: Any) -> aioweb.StreamResponse:
        if request.path in OPEN_PATHS or authorized(
            token, request.headers.get("Authorization"), request.query.get("token")
        ):
            return await handler(request)
        return aioweb.json_response(
            {"error": "unauthorized"}, status=401, headers={"WWW-Authenticate": 'Bearer realm="strikewire"'}
        )

    return require_token


@cache
def dashboard_html() -> str:
    """The dashboard page with the land grid for its map inlined."""
    package = resources.files("streams.web")
    page = package.joinpath("dashboard.html").read_text(encoding="utf-8")
    land = package.joinpath("land.json").read_text(encoding="utf-8")
    return page.replace("/*LAND*/null", land)


EXIT_STALLED = 70
"""Exit status of a worker that stopped itself over a stalled partition (EX_SOFTWARE)."""


def hard_exit_after(seconds: float) -> None:
    """End the process with ``EXIT_STALLED`` after ``seconds`` unless it has ended by then. Faust's shutdown
    after ``app.crash`` can hang (seen in a soak: the crashed worker's fetcher never stopped and the process
    stayed up, doing nothing), and a supervisor restarts only a process that has ended. Nothing is lost: what
    was not committed is read again by the next worker."""
    timer = threading.Timer(seconds, os._exit, args=(EXIT_STALLED,))
    timer.daemon = True
    timer.start()


class Probe:
    """Consumer lag and readiness of the worker, refreshed at most once a second."""

    def __init__(
        self,
        app: faust.App,
        source_topics: set[str],
        *,
        metrics: Metrics | None = None,
        stall_seconds: float = 20.0,
        max_nudges: int = 3,
        committed_reader: CommittedReader | None = None,
        cluster_reader: ClusterReader | None = None,
        loading: set[str] | None = None,
        exit_grace: float = 30.0,
        exit_later: Callable[[float], None] = hard_exit_after,
    ) -> None:
        self.app = app
        self.exit_grace = exit_grace
        """Seconds a worker that stops itself over a stall has to shut down before it is ended."""
        self.exit_later = exit_later
        self.loading = loading if loading is not None else set()
        """Stages still loading (``Wiring.loading``, shared): not ready while any is."""
        self.source_topics = source_topics
        self.metrics = metrics or Metrics()
        self.detector: StallDetector[tuple[str, int]] = StallDetector(stall_seconds, group=_topic_of)
        self.max_nudges = max_nudges
        self.stalled: list[str] = []
        self.committed_reader = committed_reader
        self.cluster_reader = cluster_reader
        self._cluster: str | None = None
        self._cluster_changed_at: float | None = None
        self.assignments = 0
        """Partition assignments so far (``install_web`` counts Faust's ``on_partitions_assigned``)."""
        self._assignments_seen = 0
        self._lost: set[Any] = set()
        self._lag: list[PartitionLag] = []
        self._lag_at = 0.0
        self._broker_ok_at = 0.0
        self._lock = asyncio.Lock()

    def _assignment(self) -> list[Any]:
        try:
            assigned = self.app.consumer.assignment()
        except Exception:  # consumer not started yet
            return []
        return sorted(
            (tp for tp in assigned if tp.topic in self.source_topics), key=lambda tp: (tp.topic, tp.partition)
        )

    async def lag(self) -> list[PartitionLag]:
        """Per assigned partition of the pipeline's input topics: end offset, committed offset, lag."""
        async with self._lock:
            if time.monotonic() - self._lag_at < _CACHE_SECONDS:
                return self._lag
            tps = self._assignment()
            ends: dict[Any, int | None] = {}
            if tps:
                consumer = self.app.consumer
                try:
                    ends = dict(await asyncio.wait_for(consumer.highwaters(*tps), _BROKER_TIMEOUT))
                    self._broker_ok_at = time.monotonic()
                except Exception as exc:  # broker unreachable: fall back to the last fetched high watermarks
                    log.debug("end offsets unavailable: %r", exc)
                    for tp in tps:
                        try:
                            ends[tp] = consumer.highwater(tp)
                        except Exception:
                            ends[tp] = None
            committed = getattr(self.app.consumer, "_committed_offset", {}) if tps else {}
            self._lag = [PartitionLag(tp.topic, tp.partition, ends.get(tp), committed.get(tp)) for tp in tps]
            self._lag_at = time.monotonic()
            return self._lag

    async def ready(self) -> tuple[bool, str]:
        """(ready, why not)."""
        app = self.app
        state = getattr(app, "state", "")
        if state != "running":
            return False, f"app is {state or 'not started'}"
        if self.loading:
            return False, "loading: " + ", ".join(sorted(self.loading))
        if getattr(app, "rebalancing", False):
            return False, "consumer group is rebalancing"
        if getattr(app, "in_recovery", False):
            return False, "tables are recovering from their changelogs"
        if not self._assignment():
            return False, "no partitions assigned"
        await self.lag()
        if time.monotonic() - self._broker_ok_at > _BROKER_STALE:
            return False, "broker did not answer an offsets request"
        if self.stalled:
            return False, "stalled partitions: " + ", ".join(self.stalled)
        return True, "ok"

    def _stable(self) -> bool:
        app = self.app
        return (
            getattr(app, "state", "") == "running"
            and not getattr(app, "rebalancing", False)
            and not getattr(app, "in_recovery", False)
        )

    async def _rewind_after_broker_reset(self, rebalanced: bool) -> None:
        """Re-read what a replaced broker would otherwise hide: Faust keeps its read positions and the offsets
        it committed in memory, drops records below its position and never commits lower.

        - **A different cluster** (the memory-only embedded broker was replaced by an empty one; its id is new
          on every start): every assigned partition is read again from its start. Until the group has
          re-joined, the worker may fetch and commit from positions that predate the new cluster; a rebalance
          then seeks to those commits, so a rebalance that ends within ``_RESET_REPEAT_SECONDS`` of the
          change is followed by another rewind (records read again are processed again; effects are
          idempotent).
        - **Lost committed offsets** on the same cluster (offsets expired, a broker that does not tell its
          cluster apart): a partition where the broker has none or fewer than this worker committed, on two
          rounds in a row, is read again from the broker's offset (or the start).
        """
        now = time.monotonic()
        if self.cluster_reader is not None:
            try:
                cluster = await asyncio.wait_for(self.cluster_reader(), _BROKER_TIMEOUT)
            except Exception as exc:  # broker unreachable: nothing to compare
                log.debug("cluster id unavailable: %r", exc)
                return
            if cluster and self._cluster is not None and cluster != self._cluster:
                log.warning(
                    "the broker now belongs to cluster %s, not %s (a replacement broker): its records and "
                    "the group's offsets are new, so every assigned partition is read again from its start",
                    cluster,
                    self._cluster,
                )
                self._cluster_changed_at = now
                await self._rewind_all()
            elif (
                rebalanced
                and self._cluster_changed_at is not None
                and now - self._cluster_changed_at <= _RESET_REPEAT_SECONDS
            ):
                log.warning("rebalance shortly after a change of cluster: reading every partition again")
                await self._rewind_all()
            self._cluster = cluster or self._cluster
        if self.committed_reader is None:
            return
        consumer = self.app.consumer
        memory = dict(getattr(consumer, "_committed_offset", {}))
        tps = [tp for tp in self._assignment() if memory.get(tp) is not None]
        if not tps:
            self._lost = set()
            return
        try:
            broker = await asyncio.wait_for(self.committed_reader(tps), _BROKER_TIMEOUT)
        except Exception as exc:  # broker unreachable: nothing to compare
            log.debug("committed offsets unavailable: %r", exc)
            return
        lost = {tp for tp in tps if (broker.get((tp.topic, tp.partition)) or 0) < memory[tp]}
        confirmed, self._lost = lost & self._lost, lost
        for tp in sorted(confirmed, key=lambda t: (t.topic, t.partition)):
            offset = broker.get((tp.topic, tp.partition)) or 0
            log.warning(
                "partition %s[%d]: the broker's committed offset is %s but this worker committed %s; the "
                "broker lost the group's offsets: reading it again from %d",
                tp.topic,
                tp.partition,
                broker.get((tp.topic, tp.partition)),
                memory[tp],
                offset,
            )
            self.metrics.inc("rewinds")
            await self._reread(tp, offset)

    async def _rewind_all(self) -> None:
        for tp in self._assignment():
            self.metrics.inc("rewinds")
            await self._reread(tp, 0)
        self._lost = set()

    async def _reread(self, tp: Any, offset: int) -> None:
        """Fetch ``tp`` again from ``offset``: forget what Faust remembers of it (acked and committed offsets,
        read position) and seek. Records read again are processed again; effects are idempotent."""
        consumer = self.app.consumer
        for attr in ("_acked", "_acked_index", "_gap"):
            getattr(consumer, attr, {}).pop(tp, None)
        getattr(consumer, "_committed_offset", {})[tp] = offset or None
        consumer.resume_partitions([tp])
        await consumer.seek(tp, offset)
        self._lag_at = 0.0  # the next lag() must see the new position

    async def _restart_point(self, tp: Any) -> int:
        """Where a stalled partition is read again from: the group's committed offset on the broker (0 when it
        has none), else the one this worker remembers."""
        if self.committed_reader is not None:
            try:
                got = await asyncio.wait_for(self.committed_reader([tp]), _BROKER_TIMEOUT)
                return got.get((tp.topic, tp.partition)) or 0
            except Exception as exc:
                log.debug("committed offsets unavailable: %r", exc)
        return getattr(self.app.consumer, "_committed_offset", {}).get(tp) or 0

    async def watch(self) -> None:
        """One watchdog round (see ``streams.watchdog``): find stalled partitions and nudge them."""
        lags = await self.lag()
        now = time.monotonic()
        by_tp = {(p.topic, p.partition): p for p in lags}
        if self._stable():
            rebalanced, self._assignments_seen = self.assignments != self._assignments_seen, self.assignments
            await self._rewind_after_broker_reset(rebalanced)
        consumer = self.app.consumer
        rounds = getattr(consumer, "commit_rounds", None)
        stalled = self.detector.observe(
            now,
            ((key, p.highwater, p.committed) for key, p in by_tp.items()),
            stable=self._stable(),
            commit_rounds=rounds,
            processed=getattr(consumer, "processed", None),
        )
        self.stalled = [f"{topic}[{partition}]" for topic, partition in stalled]
        for key in stalled:
            topic, partition = key
            tp = next((t for t in self._assignment() if (t.topic, t.partition) == key), None)
            if tp is None:
                continue
            lag = by_tp[key].lag
            nudges = self.detector.nudged(key, now, rounds)
            self.metrics.inc("stalls")
            paused = tp in getattr(consumer, "_paused_partitions", ())
            active_set = getattr(consumer, "_get_active_partitions", None)
            active = tp in active_set() if active_set is not None else None
            if nudges > self.max_nudges:
                log.error(
                    "partition %s[%d] still stalled (lag %s) after %d nudges: stopping the worker so that "
                    "its supervisor starts a fresh one",
                    topic,
                    partition,
                    lag,
                    self.max_nudges,
                )
                self.exit_later(self.exit_grace)
                await self.app.crash(RuntimeError(f"partition {topic}[{partition}] stalled"))
                return
            offset = await self._restart_point(tp)
            log.error(
                "partition %s[%d] has lag %s and its committed offset %s has not moved for %.0fs "
                "(paused in Faust: %s, fetched: %s, read position: %s); reading it again from %d "
                "(nudge %d of %d)",
                topic,
                partition,
                lag,
                by_tp[key].committed,
                self.detector.stall_seconds,
                paused,
                active,
                getattr(consumer, "_read_offset", {}).get(tp),
                offset,
                nudges,
                self.max_nudges,
            )
            await self._reread(tp, offset)


def install_web(w: Wiring) -> Probe:
    """Add the dashboard, JSON state, metrics and probe endpoints (and the token check) to the app."""
    app, settings = w.app, w.settings
    token = settings.web_token.get_secret_value() if settings.web_token else None
    source = {
        t.get_topic_name()
        for t in (w.raw, w.valid, w.mentions, w.mentions_by_block, w.events, w.events_by_pair)
    }

    @contextlib.asynccontextmanager
    async def admin_client() -> AsyncIterator[Any]:
        from aiokafka.admin import AIOKafkaAdminClient

        from streams.security import client_options

        admin = AIOKafkaAdminClient(**client_options(settings))
        await admin.start()
        try:
            yield admin
        finally:
            await admin.close()

    async def committed_on_broker(tps: list[Any]) -> dict[tuple[str, int], int | None]:
        from aiokafka import TopicPartition

        # Tansu drops the connection on an OffsetFetch for "all partitions"; name them.
        named = [TopicPartition(tp.topic, tp.partition) for tp in tps]
        async with admin_client() as admin:
            got = await admin.list_consumer_group_offsets(settings.app_id, partitions=named)
        return {
            (tp.topic, tp.partition): (got[tp].offset if tp in got and got[tp].offset >= 0 else None)
            for tp in named
        }

    async def cluster_of_broker() -> str | None:
        async with admin_client() as admin:
            return (await admin.describe_cluster()).get("cluster_id")

    probe = Probe(
        app,
        source,
        metrics=w.metrics,
        stall_seconds=settings.stall_seconds,
        max_nudges=settings.stall_max_nudges,
        committed_reader=committed_on_broker,
        cluster_reader=cluster_of_broker,
        loading=w.loading,
    )

    @app.on_partitions_assigned.connect
    async def count_assignments(sender: Any, /, *args: Any, signal: Any, **kwargs: Any) -> None:
        probe.assignments += 1

    @app.task
    async def quiet_repeats() -> None:
        """Faust has configured logging by now: rate-limit repeated warnings (aiokafka's reconnects)."""
        from streams.web.logs import install_repeat_filter

        install_repeat_filter()

    @app.timer(interval=max(settings.stall_seconds / 4, 1.0), on_leader=False)
    async def watchdog() -> None:
        await probe.watch()

    web_app = getattr(app.web, "web_app", None)
    if web_app is not None and token:
        web_app.middlewares.append(token_middleware(token))
    # Faust mounts its own index at "/"; ours replaces it.
    blueprints = app.web.blueprints
    if hasattr(blueprints, "_enabled") and not blueprints.applied:
        blueprints._enabled = [
            (prefix, bp)
            for prefix, bp in blueprints._enabled
            if "production_index" not in str(bp) and "apps.stats" not in str(bp)
        ]

    async def state() -> dict[str, Any]:
        ready, reason = await probe.ready()
        return dashboard_state(
            w.metrics,
            w.recent.events.latest(),
            w.recent.alerts.latest(),
            await probe.lag(),
            ready=ready,
            reason=reason,
            app_id=settings.app_id,
        )

    class Health(faust.web.View):
        async def get(self, request: faust.web.Request) -> faust.web.Response:
            return self.json({"status": "ok", "app_id": settings.app_id})

    class Ready(faust.web.View):
        async def get(self, request: faust.web.Request) -> faust.web.Response:
            ready, reason = await probe.ready()
            return self.json({"ready": ready, "reason": reason}, status=200 if ready else 503)

    class Metrics(faust.web.View):
        async def get(self, request: faust.web.Request) -> faust.web.Response:
            ready, _ = await probe.ready()
            body = render_prometheus(w.metrics, await probe.lag(), ready=ready, app_id=settings.app_id)
            return self.bytes(body.encode(), headers={"Content-Type": CONTENT_TYPE})

    class State(faust.web.View):
        async def get(self, request: faust.web.Request) -> faust.web.Response:
            return self.bytes(
                json.dumps(await state()).encode(),
                content_type="application/json",
                headers={"Cache-Control": "no-store"},
            )

    class Dashboard(faust.web.View):
        async def get(self, request: faust.web.Request) -> faust.web.Response:
            return self.html(dashboard_html(), headers={"Cache-Control": "no-store"})

    class DashboardAlias(Dashboard):
        pass

    for path, view in (
        ("/health", Health),
        ("/ready", Ready),
        ("/metrics", Metrics),
        ("/api/state", State),
        ("/", Dashboard),
        ("/dashboard", DashboardAlias),
    ):
        app.page(path, name=f"strikewire-{path.strip('/') or 'index'}")(view)
    return probe

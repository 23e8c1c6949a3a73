"""``strikewire notify``: forward escalation alerts to a webhook as signed JSON POSTs, with retries.

Every version of every alert on ``alerts.escalation`` is POSTed, in topic order, to one URL. The
request a subscriber receives::

    POST <url>
    Content-Type: application/json
    Idempotency-Key: <alert id>:<version>          e.g. alr-90bac27153b8e8a9:3
    X-Strikewire-Signature: sha256=<hex>           HMAC-SHA256 of the exact body bytes (absent if unsigned)
    X-Strikewire-Timestamp: <unix seconds>         when this attempt was sent
    User-Agent: strikewire-notify/<version>

    <the Alert as compact JSON, exactly as on alerts.escalation>

To verify, compute ``hmac.new(secret, body, hashlib.sha256).hexdigest()`` over the raw body before
parsing it and compare in constant time (:func:`verify`). The body of a given (id, version) is the
same bytes on every attempt, so the signature is too; the timestamp is not signed. Subscribers keep
the highest version per alert id and use ``Idempotency-Key`` to drop repeats: delivery is at least
once (a restarted ``notify`` delivers again from where it starts reading).

Delivery of one alert version (:class:`Deliverer`):

* 2xx: delivered; the (id, version) is remembered and not sent again by this process.
* connection error, timeout, 429 or 5xx: retried up to ``max_attempts`` attempts in all, waiting
  ``min(max_delay, base_delay * 2**(n-1))`` before retry ``n``, scaled by a random factor in [0.5, 1]
  ("equal jitter"). A ``Retry-After`` (seconds or HTTP date) replaces that wait, bounded by
  ``max_delay`` so a server cannot stall the stream indefinitely.
* any other status (4xx, and 3xx since redirects are not followed): not retried; logged, counted as
  rejected, and the next alert is processed.
* retries exhausted: logged, counted as failed, and the next alert is processed.

Alerts are delivered one at a time, so a subscriber sees versions in order.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import email.utils
import hashlib
import hmac
import http.client
import logging
import os
import random
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import OrderedDict
from collections.abc import AsyncIterable, Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

import click
from pydantic import ValidationError

from schemas import Alert, AlertLevel, decode, encode
from schemas.errors import BrokerUnavailable, ConfigurationError, StrikewireError
from streams import topics

if TYPE_CHECKING:
    from streams.client import Record

__all__ = [
    "LEVELS",
    "Deliverer",
    "Delivery",
    "NotifyStats",
    "Request",
    "Response",
    "RetryPolicy",
    "TransportError",
    "backoff_schedule",
    "decide",
    "forward",
    "idempotency_key",
    "notify_command",
    "parse_retry_after",
    "resolve_secret",
    "sign",
    "urllib_transport",
    "verify",
]

log = logging.getLogger("strikewire.notify")

USER_AGENT = "strikewire-notify/0.1.0"
SIGNATURE_HEADER = "X-Strikewire-Signature"
TIMESTAMP_HEADER = "X-Strikewire-Timestamp"
IDEMPOTENCY_HEADER = "Idempotency-Key"

LEVELS: dict[str, int] = {AlertLevel.INFO.value: 0, AlertLevel.WARNING.value: 1, AlertLevel.CRITICAL.value: 2}
"""Alert levels in increasing order of severity."""


# ---------------------------------------------------------------------------------------------- signing


def sign(body: bytes, secret: bytes) -> str:
    """``sha256=<hex>``: the HMAC-SHA256 of the exact ``body`` bytes under ``secret``."""
    return "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()


def verify(body: bytes, secret: bytes, signature: str | None) -> bool:
    """Whether ``signature`` (an ``X-Strikewire-Signature`` value) signs ``body``; constant-time."""
    if not signature:
        return False
    return hmac.compare_digest(sign(body, secret).encode(), signature.strip().encode())


def idempotency_key(alert: Alert) -> str:
    """``<alert id>:<version>``: the same for every attempt and every replay of one alert version."""
    return f"{alert.id}:{alert.version}"


# --------------------------------------------------------------------------------------- retry schedule


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to try one alert version."""

    max_attempts: int = 5
    """Attempts in all, the first one included (1 means never retry)."""
    base_delay: float = 0.5
    """Nominal wait before the first retry, in seconds; doubled for each further retry."""
    max_delay: float = 30.0
    """Longest wait between two attempts, Retry-After included."""

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ConfigurationError(f"max attempts must be at least 1, not {self.max_attempts}")
        if self.base_delay < 0 or self.max_delay < 0:
            raise ConfigurationError("retry delays cannot be negative")

    def nominal_delay(self, retry: int) -> float:
        """Wait before retry number ``retry`` (1-based) without jitter: ``min(max, base * 2**(retry-1))``."""
        if retry < 1:
            raise ValueError("retry numbers start at 1")
        return min(self.max_delay, self.base_delay * 2 ** min(retry - 1, 64))

    def delay(self, retry: int, rng: random.Random, retry_after: float | None = None) -> float:
        """The actual wait before retry ``retry``: a server's ``Retry-After`` if given, else the nominal
        delay times a random factor in [0.5, 1]; never more than ``max_delay``."""
        if retry_after is not None:
            return min(max(retry_after, 0.0), self.max_delay)
        return self.nominal_delay(retry) * (0.5 + 0.5 * rng.random())


def backoff_schedule(policy: RetryPolicy) -> list[float]:
    """Nominal waits between the attempts of one alert (``max_attempts - 1`` of them), before jitter."""
    return [policy.nominal_delay(n) for n in range(1, policy.max_attempts)]


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or HTTP date); None if absent/invalid."""
    if value is None or not value.strip():
        return None
    value = value.strip()
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(when.timestamp() - (time.time() if now is None else now), 0.0)


# ------------------------------------------------------------------------------------------- transport


@dataclass(frozen=True)
class Request:
    """One POST to make."""

    url: str
    body: bytes
    headers: Mapping[str, str]
    timeout: float


@dataclass(frozen=True)
class Response:
    """What the server answered (any status, 2xx or not)."""

    status: int
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""

    def header(self, name: str) -> str | None:
        """A header's value, case-insensitively."""
        lowered = name.lower()
        for key, value in self.headers.items():
            if key.lower() == lowered:
                return value
        return None


class TransportError(Exception):
    """No HTTP answer: connection refused or reset, DNS failure, TLS failure, timeout. Always retried."""


Transport = Callable[[Request], Response]
"""Blocking callable doing one POST; returns any Response, raises TransportError when there is none."""

_MAX_RESPONSE_BYTES = 4096


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Do not follow redirects: urllib would turn a redirected POST into a GET without the body."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def urllib_transport(request: Request) -> Response:
    """POST with the standard library (honours ``HTTPS_PROXY``/``NO_PROXY``; redirects not followed)."""
    # Only http(s) URLs reach here (check_url); the Deliverer never builds any other.
    req = urllib.request.Request(  # noqa: S310
        request.url, data=request.body, headers=dict(request.headers), method="POST"
    )
    try:
        with _OPENER.open(req, timeout=request.timeout) as reply:
            return Response(reply.status, dict(reply.headers.items()), reply.read(_MAX_RESPONSE_BYTES))
    except urllib.error.HTTPError as exc:
        try:
            body = exc.read(_MAX_RESPONSE_BYTES)
        except (OSError, http.client.HTTPException):
            body = b""
        headers = dict(exc.headers.items()) if exc.headers is not None else {}
        return Response(exc.code, headers, body or b"")
    except urllib.error.URLError as exc:
        raise TransportError(str(exc.reason)) from exc
    except (OSError, http.client.HTTPException) as exc:  # timeouts, resets, RemoteDisconnected
        raise TransportError(f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__) from exc


# ---------------------------------------------------------------------------------------------- decision

Decision = Literal["delivered", "retry", "reject"]


def decide(outcome: Response | BaseException) -> Decision:
    """What to do after one attempt: delivered on 2xx; retry on no answer, 429 and 5xx; reject otherwise."""
    if isinstance(outcome, BaseException):
        return "retry" if isinstance(outcome, TransportError) else "reject"
    if 200 <= outcome.status < 300:
        return "delivered"
    if outcome.status == 429 or 500 <= outcome.status < 600:
        return "retry"
    return "reject"


# --------------------------------------------------------------------------------------------- deliverer

Outcome = Literal["delivered", "duplicate", "filtered", "rejected", "failed"]


@dataclass(frozen=True)
class Delivery:
    """What became of one alert version."""

    key: str
    """The idempotency key, ``<id>:<version>``."""
    outcome: Outcome
    attempts: int = 0
    status: int | None = None
    """HTTP status of the last attempt, None when there was no answer (or no attempt)."""
    error: str | None = None
    delays: tuple[float, ...] = ()
    """Seconds waited before each retry."""


@dataclass
class NotifyStats:
    """Counters for the summary on exit."""

    received: int = 0
    delivered: int = 0
    duplicate: int = 0
    filtered: int = 0
    rejected: int = 0
    failed: int = 0
    invalid: int = 0
    """Records of the topic that are not a valid Alert."""
    attempts: int = 0

    def count(self, delivery: Delivery) -> None:
        setattr(self, delivery.outcome, getattr(self, delivery.outcome) + 1)
        self.attempts += delivery.attempts

    @property
    def ok(self) -> bool:
        """Nothing was rejected or given up on."""
        return not (self.rejected or self.failed)

    def text(self) -> str:
        return (
            f"notify: {self.received} alert versions received: {self.delivered} delivered, "
            f"{self.duplicate} duplicates skipped, {self.filtered} below the minimum level, "
            f"{self.rejected} rejected, {self.failed} failed after retries, {self.invalid} invalid records; "
            f"{self.attempts} HTTP attempts"
        )


class Deliverer:
    """Delivers alert versions to one URL through ``transport``, with signing, retries and dedup.

    ``transport`` is a blocking callable (run in a thread); ``sleep``, ``rng`` and ``clock`` are
    injectable so tests control time.
    """

    def __init__(
        self,
        url: str,
        transport: Transport = urllib_transport,
        *,
        secret: bytes | None,
        policy: RetryPolicy | None = None,
        min_level: str | AlertLevel = AlertLevel.INFO,
        timeout: float = 10.0,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
        rng: random.Random | None = None,
        clock: Callable[[], float] = time.time,
        remember: int = 100_000,
    ) -> None:
        self.url = url
        self.transport = transport
        self.secret = secret
        self.policy = policy or RetryPolicy()
        self.min_level = LEVELS[AlertLevel(min_level).value]
        self.timeout = timeout
        self.sleep = sleep
        self.rng = rng or random.Random()
        self.clock = clock
        self.remember = remember
        self.stats = NotifyStats()
        self._delivered: OrderedDict[str, None] = OrderedDict()

    def already_delivered(self, alert: Alert) -> bool:
        return idempotency_key(alert) in self._delivered

    def request(self, alert: Alert, body: bytes | None = None) -> Request:
        """The POST for one attempt of ``alert`` (fresh timestamp, same body and signature)."""
        body = encode(alert) if body is None else body
        headers = {
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            IDEMPOTENCY_HEADER: idempotency_key(alert),
            TIMESTAMP_HEADER: str(int(self.clock())),
        }
        if self.secret is not None:
            headers[SIGNATURE_HEADER] = sign(body, self.secret)
        return Request(self.url, body, headers, self.timeout)

    async def deliver(self, alert: Alert) -> Delivery:
        """Deliver one alert version (or skip it); never raises for HTTP or network trouble."""
        key = idempotency_key(alert)
        self.stats.received += 1
        if key in self._delivered:
            return self._done(Delivery(key, "duplicate"))
        if LEVELS[alert.level.value] < self.min_level:
            return self._done(Delivery(key, "filtered"))
        body = encode(alert)
        delays: list[float] = []
        status: int | None = None
        error: str | None = None
        for attempt in range(1, self.policy.max_attempts + 1):
            outcome: Response | BaseException
            try:
                outcome = await asyncio.to_thread(self.transport, self.request(alert, body))
            except TransportError as exc:
                outcome = exc
            decision = decide(outcome)
            if isinstance(outcome, Response):
                status, error = outcome.status, None if decision == "delivered" else _snippet(outcome)
            else:
                status, error = None, str(outcome) or type(outcome).__name__
            if decision == "delivered":
                self._remember(key)
                log.info("delivered %s (%s) in %d attempt(s)", key, alert.level.value, attempt)
                return self._done(Delivery(key, "delivered", attempt, status, None, tuple(delays)))
            if decision == "reject":
                log.warning("webhook rejected %s with HTTP %s, not retrying: %s", key, status, error)
                return self._done(Delivery(key, "rejected", attempt, status, error, tuple(delays)))
            if attempt == self.policy.max_attempts:
                break
            retry_after = (
                parse_retry_after(outcome.header("Retry-After"), self.clock())
                if isinstance(outcome, Response)
                else None
            )
            wait = self.policy.delay(attempt, self.rng, retry_after)
            log.info(
                "attempt %d of %s failed (%s); retrying in %.2fs",
                attempt,
                key,
                f"HTTP {status}" if status is not None else error,
                wait,
            )
            delays.append(wait)
            await self.sleep(wait)
        log.warning(
            "giving up on %s after %d attempts: %s",
            key,
            self.policy.max_attempts,
            f"HTTP {status}" if status is not None else error,
        )
        return self._done(Delivery(key, "failed", self.policy.max_attempts, status, error, tuple(delays)))

    def _remember(self, key: str) -> None:
        self._delivered[key] = None
        while len(self._delivered) > self.remember:
            self._delivered.popitem(last=False)

    def _done(self, delivery: Delivery) -> Delivery:
        self.stats.count(delivery)
        return delivery


def _snippet(response: Response) -> str:
    text = response.body[:200].decode("utf-8", "replace")
    return f"HTTP {response.status}" + (f": {' '.join(text.split())}" if text.strip() else "")


async def forward(records: AsyncIterable[Record], deliverer: Deliverer) -> NotifyStats:
    """Deliver every alert record of ``records`` in order; records that are not an Alert count as invalid."""
    async for record in records:
        try:
            alert = decode(Alert, record.value)
        except ValidationError as exc:
            deliverer.stats.invalid += 1
            log.warning(
                "skipping %s[%d]@%d: not an Alert (%d errors)",
                record.topic,
                record.partition,
                record.offset,
                exc.error_count(),
            )
            continue
        await deliverer.deliver(alert)
    return deliverer.stats


# ------------------------------------------------------------------------------------------------- CLI


def resolve_secret(
    settings_secret: str | None,
    secret_env: str | None,
    *,
    unsigned: bool,
    environ: Mapping[str, str] | None = None,
) -> bytes | None:
    """The signing key: from ``secret_env`` if named, else ``STRIKEWIRE_WEBHOOK_SECRET``.

    Raises ConfigurationError when there is none and ``unsigned`` was not asked for. ``unsigned`` only
    permits the absence of a secret: a configured secret is always used.
    """
    environ = os.environ if environ is None else environ
    if secret_env:
        value = environ.get(secret_env)
        if not value:
            if unsigned:
                return None
            raise ConfigurationError(f"--secret-env {secret_env}: that variable is unset or empty")
        return value.encode()
    if settings_secret:
        return settings_secret.encode()
    if unsigned:
        return None
    raise ConfigurationError(
        "no webhook secret: set STRIKEWIRE_WEBHOOK_SECRET (or name a variable with --secret-env), "
        "or pass --unsigned to send unsigned POSTs"
    )


def check_url(url: str) -> str:
    """Only absolute http(s) URLs (urllib would also open file: and ftp: ones)."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise ConfigurationError(f"webhook URL must be an absolute http:// or https:// URL, not {url!r}")
    return url


@click.command("notify", context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--webhook",
    "url",
    default=None,
    metavar="URL",
    help="http(s) URL to POST each alert version to (default: STRIKEWIRE_WEBHOOK_URL).",
)
@click.option(
    "--secret-env",
    default=None,
    metavar="NAME",
    help="Read the HMAC secret from this environment variable, not STRIKEWIRE_WEBHOOK_SECRET.",
)
@click.option(
    "--unsigned",
    is_flag=True,
    help="Allow running without a secret (no X-Strikewire-Signature header). A configured secret "
    "is still used.",
)
@click.option(
    "--from-end",
    is_flag=True,
    help="Only alerts published from now on (default: from the beginning of the topic).",
)
@click.option(
    "--min-level",
    type=click.Choice(list(LEVELS)),
    default="info",
    show_default=True,
    help="Skip alert versions below this level.",
)
@click.option(
    "--max-attempts",
    type=click.IntRange(min=1),
    default=None,
    help="Attempts per alert version, the first included (default: STRIKEWIRE_WEBHOOK_MAX_ATTEMPTS, 5).",
)
@click.option(
    "--base-delay",
    type=click.FloatRange(min=0),
    default=None,
    help="Seconds before the first retry, doubled for each retry (default: "
    "STRIKEWIRE_WEBHOOK_BASE_DELAY, 0.5).",
)
@click.option(
    "--max-delay",
    type=click.FloatRange(min=0),
    default=None,
    help="Longest wait between attempts, Retry-After included (default: STRIKEWIRE_WEBHOOK_MAX_DELAY, 30).",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=None,
    help="Seconds to wait for one POST's answer (default: STRIKEWIRE_WEBHOOK_TIMEOUT, 10).",
)
@click.option(
    "--idle-exit",
    type=float,
    default=None,
    help="Exit after this many seconds without a new alert (default: run until Ctrl-C).",
)
@click.option("--verbose", "-v", is_flag=True, help="Log every delivery and retry on stderr.")
def notify_command(
    url: str | None,
    secret_env: str | None,
    unsigned: bool,
    from_end: bool,
    min_level: str,
    max_attempts: int | None,
    base_delay: float | None,
    max_delay: float | None,
    timeout: float | None,
    idle_exit: float | None,
    verbose: bool,
) -> None:
    """Forward escalation alerts to a webhook as signed JSON POSTs, with retries and backoff.

    Reads alerts.escalation from the configured broker and POSTs every alert version, in order, as
    the Alert JSON with these headers:

    \b
      Content-Type: application/json
      Idempotency-Key: <alert id>:<version>
      X-Strikewire-Signature: sha256=<hex HMAC-SHA256 of the exact body with the secret>
      X-Strikewire-Timestamp: <unix seconds of the attempt>

    Connection errors, timeouts, 429 and 5xx are retried with exponential backoff and jitter,
    honouring Retry-After (up to --max-delay); other 4xx (and 3xx: redirects are not followed) are
    logged and skipped. An (id, version) already delivered is not sent again by this process.
    The secret comes from STRIKEWIRE_WEBHOOK_SECRET or --secret-env; without one, notify refuses
    to start unless --unsigned is given. A summary goes to stderr on exit; the exit code is 1 if
    any alert version was rejected or given up on, 130 on Ctrl-C.

    \b
    Example:
      export STRIKEWIRE_WEBHOOK_SECRET=s3cret
      strikewire notify --webhook https://example.org/hook --min-level warning
    """
    from streams.settings import Settings

    if verbose:
        log.setLevel(logging.INFO)
        if not logging.getLogger().handlers:
            logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        settings = Settings()
        if not (url or settings.webhook_url):
            raise ConfigurationError("no webhook URL: pass --webhook URL or set STRIKEWIRE_WEBHOOK_URL")
        target = check_url(url or settings.webhook_url or "")
        stored = settings.webhook_secret.get_secret_value() if settings.webhook_secret else None
        secret = resolve_secret(stored, secret_env, unsigned=unsigned)
        policy = RetryPolicy(
            max_attempts=max_attempts if max_attempts is not None else settings.webhook_max_attempts,
            base_delay=base_delay if base_delay is not None else settings.webhook_base_delay,
            max_delay=max_delay if max_delay is not None else settings.webhook_max_delay,
        )
    except StrikewireError as exc:
        click.echo(f"strikewire: {exc}", err=True)
        sys.exit(1)
    if secret is None:
        click.echo("strikewire: warning: sending unsigned POSTs (--unsigned, no secret configured)", err=True)
    deliverer = Deliverer(
        target,
        secret=secret,
        policy=policy,
        min_level=min_level,
        timeout=timeout if timeout is not None else settings.webhook_timeout,
    )

    async def run() -> None:
        from aiokafka.errors import KafkaError

        from streams.client import follow

        try:
            records = follow(settings, [topics.ALERTS], from_beginning=not from_end, idle_timeout=idle_exit)
            await forward(records, deliverer)
        except KafkaError as exc:
            raise BrokerUnavailable(f"broker at {settings.bootstrap} is unavailable: {exc}") from exc

    code = 0
    try:
        asyncio.run(run())
    except KeyboardInterrupt:
        code = 130
    except StrikewireError as exc:
        click.echo(f"strikewire: {exc}", err=True)
        code = 1
    finally:
        with contextlib.suppress(Exception):
            click.echo(deliverer.stats.text(), err=True)
    if code == 0 and not deliverer.stats.ok:
        code = 1
    sys.exit(code)

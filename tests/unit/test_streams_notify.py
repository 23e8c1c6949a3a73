"""strikewire notify: signed, idempotent webhook delivery with retries, against a real local HTTP server."""

from __future__ import annotations

import asyncio
import datetime as dt
import email.utils
import hashlib
import hmac
import random
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import orjson
import pytest
from click.testing import CliRunner

from schemas import Alert, AlertLevel, EventRef, RuleHit, encode
from schemas.errors import ConfigurationError
from streams.client import Record
from streams.notify import (
    Deliverer,
    Request,
    Response,
    RetryPolicy,
    TransportError,
    backoff_schedule,
    check_url,
    decide,
    forward,
    notify_command,
    parse_retry_after,
    resolve_secret,
    sign,
    urllib_transport,
    verify,
)
from streams.settings import Settings

SECRET = b"s3cret-for-tests"
ALERT_ID = "alr-0123456789abcdef"
FAST = RetryPolicy(max_attempts=5, base_delay=0.01, max_delay=0.05)


def make_alert(version: int = 1, level: AlertLevel = AlertLevel.CRITICAL, alert_id: str = ALERT_ID) -> Alert:
    when = dt.datetime(2026, 1, 15, 9, 30, tzinfo=dt.UTC)
    return Alert(
        id=alert_id,
        version=version,
        dyad="PAK>IRN",
        pair="IRN-PAK",
        level=level,
        score=9.5,
        rules=(
            RuleHit(
                rule="reciprocal_strike",
                score=4.0,
                reason="Pakistan struck inside Iran 2 days after Iran struck inside Pakistan",
            ),
        ),
        events=(EventRef(id="evt-1", version=2), EventRef(id="evt-2", version=1)),
        outlets=("reuters.com", "geo.tv"),
        summary="Pakistan struck inside Iran 2 days after Iran struck inside Pakistan",
        created_at=when,
        updated_at=when + dt.timedelta(hours=version),
    )


# -------------------------------------------------------------------------------------- a real server


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes
    at: float


@dataclass
class Hook:
    """A scripted webhook: answers ``script`` statuses in turn (then 200) and records every request."""

    script: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    delay: float = 0.0
    received: list[Received] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None
    port: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    def start(self, port: int = 0) -> Hook:
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                hook.received.append(Received(dict(self.headers.items()), body, time.monotonic()))
                if hook.delay:
                    time.sleep(hook.delay)
                status, headers = hook.script.pop(0) if hook.script else (200, {})
                payload = b'{"ok":true}' if status < 300 else b'{"error":"scripted"}'
                try:
                    self.send_response(status)
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except OSError:  # the client timed out and hung up
                    pass

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.port = self.server.server_address[1]
        serve = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        serve.start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()


@pytest.fixture
def hook() -> Iterator[Hook]:
    running = Hook().start()
    try:
        yield running
    finally:
        running.stop()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def deliverer(url: str, **kwargs) -> Deliverer:
    kwargs.setdefault("secret", SECRET)
    kwargs.setdefault("policy", FAST)
    kwargs.setdefault("timeout", 2.0)
    kwargs.setdefault("rng", random.Random(7))
    return Deliverer(url, **kwargs)


# ----------------------------------------------------------------------------------------- pure logic


def test_notify_sign_is_hmac_sha256_of_exact_body():
    body = encode(make_alert())
    expected = hmac.new(SECRET, body, hashlib.sha256).hexdigest()
    assert sign(body, SECRET) == f"sha256={expected}"
    assert verify(body, SECRET, f"sha256={expected}")
    assert not verify(body + b" ", SECRET, f"sha256={expected}")
    assert not verify(body, b"other", f"sha256={expected}")
    assert not verify(body, SECRET, None)


def test_notify_backoff_schedule_doubles_up_to_max_delay():
    policy = RetryPolicy(max_attempts=6, base_delay=0.5, max_delay=3.0)
    assert backoff_schedule(policy) == [0.5, 1.0, 2.0, 3.0, 3.0]
    assert backoff_schedule(RetryPolicy(max_attempts=1)) == []


def test_notify_jitter_stays_between_half_and_full_delay():
    policy = RetryPolicy(max_attempts=10, base_delay=1.0, max_delay=8.0)
    rng = random.Random(1)
    for retry in range(1, 10):
        nominal = policy.nominal_delay(retry)
        delays = {policy.delay(retry, rng) for _ in range(50)}
        assert all(nominal / 2 <= d <= nominal for d in delays)
        assert len(delays) > 1


def test_notify_retry_after_replaces_backoff_and_is_capped():
    policy = RetryPolicy(base_delay=0.01, max_delay=5.0)
    assert policy.delay(1, random.Random(), retry_after=2.0) == 2.0
    assert policy.delay(1, random.Random(), retry_after=120.0) == 5.0


def test_notify_parse_retry_after_seconds_and_http_date():
    assert parse_retry_after("3") == 3.0
    assert parse_retry_after(" 0 ") == 0.0
    assert parse_retry_after(None) is None
    assert parse_retry_after("soon") is None
    now = time.time()
    date = email.utils.formatdate(now + 10, usegmt=True)
    waited = parse_retry_after(date, now)
    assert waited is not None
    assert 8.0 <= waited <= 10.0
    assert parse_retry_after(email.utils.formatdate(now - 10, usegmt=True), now) == 0.0


@pytest.mark.parametrize(
    ("outcome", "decision"),
    [
        (Response(200), "delivered"),
        (Response(204), "delivered"),
        (Response(429), "retry"),
        (Response(500), "retry"),
        (Response(503), "retry"),
        (TransportError("connection refused"), "retry"),
        (Response(400), "reject"),
        (Response(401), "reject"),
        (Response(404), "reject"),
        (Response(410), "reject"),
        (Response(302), "reject"),
    ],
)
def test_notify_decide_retries_only_transient_failures(outcome, decision):
    assert decide(outcome) == decision


def test_notify_resolve_secret_sources():
    assert resolve_secret("from-settings", None, unsigned=False, environ={}) == b"from-settings"
    assert resolve_secret("from-settings", "HOOK_KEY", unsigned=False, environ={"HOOK_KEY": "k"}) == b"k"
    assert resolve_secret(None, None, unsigned=True, environ={}) is None
    assert resolve_secret("kept", None, unsigned=True, environ={}) == b"kept"
    with pytest.raises(ConfigurationError, match="STRIKEWIRE_WEBHOOK_SECRET"):
        resolve_secret(None, None, unsigned=False, environ={})
    with pytest.raises(ConfigurationError, match="HOOK_KEY"):
        resolve_secret("from-settings", "HOOK_KEY", unsigned=False, environ={})


def test_notify_check_url_only_http():
    assert check_url("https://example.org/hook") == "https://example.org/hook"
    for bad in ("file:///etc/passwd", "ftp://example.org/", "example.org/hook", "http://"):
        with pytest.raises(ConfigurationError):
            check_url(bad)


def test_notify_settings_hold_webhook_options(monkeypatch):
    monkeypatch.setenv("STRIKEWIRE_WEBHOOK_SECRET", "top-secret")
    monkeypatch.setenv("STRIKEWIRE_WEBHOOK_MAX_ATTEMPTS", "3")
    settings = Settings()
    assert settings.webhook_secret is not None
    assert settings.webhook_secret.get_secret_value() == "top-secret"
    assert "top-secret" not in repr(settings)
    assert settings.webhook_max_attempts == 3


async def test_notify_deliverer_with_fake_transport_counts_attempts_and_waits():
    calls: list[Request] = []
    answers = [Response(503), Response(429, {"retry-after": "0.03"}), Response(201)]

    def transport(request: Request) -> Response:
        calls.append(request)
        return answers.pop(0)

    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    d = Deliverer(
        "http://hook.invalid/",
        transport,
        secret=SECRET,
        policy=RetryPolicy(5, 0.02, 1.0),
        sleep=sleep,
        rng=random.Random(3),
        clock=lambda: 1_700_000_000.0,
    )
    result = await d.deliver(make_alert())
    assert (result.outcome, result.attempts, result.status) == ("delivered", 3, 201)
    assert 0.01 <= waits[0] <= 0.02
    assert waits[1] == 0.03
    assert len({c.body for c in calls}) == 1
    assert all(c.headers["X-Strikewire-Timestamp"] == "1700000000" for c in calls)


# ------------------------------------------------------------------------------- against a real server


async def test_notify_posts_signed_alert_with_idempotency_key(hook):
    alert = make_alert(version=3)
    result = await deliverer(hook.url).deliver(alert)
    assert (result.outcome, result.attempts, result.status) == ("delivered", 1, 200)
    [request] = hook.received
    headers = {k.lower(): v for k, v in request.headers.items()}
    assert request.body == encode(alert)
    assert Alert.model_validate_json(request.body) == alert
    assert headers["content-type"] == "application/json"
    assert headers["idempotency-key"] == "alr-0123456789abcdef:3"
    expected = "sha256=" + hmac.new(SECRET, request.body, hashlib.sha256).hexdigest()
    assert headers["x-strikewire-signature"] == expected
    assert abs(int(headers["x-strikewire-timestamp"]) - time.time()) < 5


async def test_notify_unsigned_sends_no_signature(hook):
    result = await deliverer(hook.url, secret=None).deliver(make_alert())
    assert result.outcome == "delivered"
    assert "x-strikewire-signature" not in {k.lower() for k in hook.received[0].headers}


async def test_notify_retries_503_twice_then_delivers_once_in_three_attempts(hook):
    hook.script = [(503, {}), (503, {})]
    d = deliverer(hook.url)
    result = await d.deliver(make_alert())
    assert (result.outcome, result.attempts, result.status) == ("delivered", 3, 200)
    assert len(hook.received) == 3
    assert len({r.body for r in hook.received}) == 1
    assert {r.headers["Idempotency-Key"] for r in hook.received} == {"alr-0123456789abcdef:1"}
    # delivered exactly once: the same version again is not POSTed
    again = await d.deliver(make_alert())
    assert again.outcome == "duplicate"
    assert len(hook.received) == 3
    assert (d.stats.delivered, d.stats.duplicate, d.stats.attempts) == (1, 1, 3)


async def test_notify_does_not_retry_400(hook):
    hook.script = [(400, {})]
    d = deliverer(hook.url)
    result = await d.deliver(make_alert())
    assert (result.outcome, result.attempts, result.status) == ("rejected", 1, 400)
    assert "scripted" in (result.error or "")
    assert len(hook.received) == 1
    # the stream moves on: the next version is delivered
    assert (await d.deliver(make_alert(version=2))).outcome == "delivered"
    assert (d.stats.rejected, d.stats.delivered) == (1, 1)
    assert not d.stats.ok


async def test_notify_honours_retry_after(hook):
    hook.script = [(429, {"Retry-After": "1"})]
    d = deliverer(hook.url, policy=RetryPolicy(max_attempts=3, base_delay=0.01, max_delay=2.0))
    result = await d.deliver(make_alert())
    assert (result.outcome, result.attempts) == ("delivered", 2)
    assert result.delays == (1.0,)
    first, second = hook.received
    assert second.at - first.at >= 0.95


async def test_notify_retry_after_over_max_delay_is_capped(hook):
    hook.script = [(503, {"Retry-After": "3600"})]
    d = deliverer(hook.url, policy=RetryPolicy(max_attempts=2, base_delay=0.01, max_delay=0.05))
    started = time.monotonic()
    result = await d.deliver(make_alert())
    assert result.outcome == "delivered"
    assert result.delays == (0.05,)
    assert time.monotonic() - started < 2


async def test_notify_server_down_then_up():
    port = free_port()
    url = f"http://127.0.0.1:{port}/hook"
    late = Hook()
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)
        if len(waits) == 2:  # after two refused connections, the subscriber comes up
            late.start(port)
        await asyncio.sleep(seconds)

    try:
        result = await deliverer(url, sleep=sleep).deliver(make_alert())
    finally:
        late.stop()
    assert (result.outcome, result.attempts) == ("delivered", 3)
    assert len(late.received) == 1
    assert verify(late.received[0].body, SECRET, late.received[0].headers["X-Strikewire-Signature"])


async def test_notify_connection_refused_is_transport_error():
    with pytest.raises(TransportError):
        urllib_transport(Request(f"http://127.0.0.1:{free_port()}/", b"{}", {}, 1.0))


async def test_notify_gives_up_after_max_attempts(hook):
    hook.script = [(500, {})] * 10
    d = deliverer(hook.url, policy=RetryPolicy(max_attempts=3, base_delay=0.01, max_delay=0.02))
    result = await d.deliver(make_alert())
    assert (result.outcome, result.attempts, result.status) == ("failed", 3, 500)
    assert len(hook.received) == 3
    assert len(result.delays) == 2
    assert d.stats.failed == 1
    # not remembered as delivered: a redelivered record is tried again
    hook.script = []
    assert (await d.deliver(make_alert())).outcome == "delivered"


async def test_notify_timeout_is_retried(hook):
    hook.delay = 0.5
    d = deliverer(hook.url, timeout=0.1, policy=RetryPolicy(max_attempts=2, base_delay=0.01, max_delay=0.02))
    result = await d.deliver(make_alert())
    assert (result.outcome, result.attempts, result.status) == ("failed", 2, None)
    assert result.error


async def test_notify_redirect_is_not_followed(hook):
    hook.script = [(302, {"Location": "http://127.0.0.1:1/elsewhere"})]
    result = await deliverer(hook.url).deliver(make_alert())
    assert (result.outcome, result.status) == ("rejected", 302)
    assert len(hook.received) == 1


async def test_notify_min_level_and_dedup_over_a_stream(hook):
    records = [
        make_alert(1, AlertLevel.INFO),
        make_alert(2, AlertLevel.WARNING),
        make_alert(2, AlertLevel.WARNING),  # redelivered
        make_alert(3, AlertLevel.CRITICAL),
        make_alert(1, AlertLevel.INFO, alert_id="alr-ffffffffffffffff"),
    ]

    async def stream():
        for offset, alert in enumerate(records):
            yield Record("alerts.escalation", 0, offset, alert.pair.encode(), encode(alert))
        yield Record("alerts.escalation", 0, 99, None, b'{"not": "an alert"}')

    d = deliverer(hook.url, min_level="warning")
    stats = await forward(stream(), d)
    assert [r.headers["Idempotency-Key"] for r in hook.received] == [
        "alr-0123456789abcdef:2",
        "alr-0123456789abcdef:3",
    ]
    counts = (stats.received, stats.delivered, stats.duplicate, stats.filtered, stats.invalid)
    assert counts == (5, 2, 1, 2, 1)
    assert "2 delivered" in stats.text()
    assert [orjson.loads(r.body)["version"] for r in hook.received] == [2, 3]


# ------------------------------------------------------------------------------------------------ CLI


def test_notify_command_has_help():
    result = CliRunner().invoke(notify_command, ["--help"])
    assert result.exit_code == 0
    for option in (
        "--webhook",
        "--secret-env",
        "--unsigned",
        "--from-end",
        "--min-level",
        "--max-attempts",
        "--base-delay",
        "--max-delay",
        "Idempotency-Key",
        "X-Strikewire-Signature",
    ):
        assert option in result.output


def test_notify_command_refuses_to_start_without_secret(monkeypatch):
    monkeypatch.delenv("STRIKEWIRE_WEBHOOK_SECRET", raising=False)
    result = CliRunner().invoke(notify_command, ["--webhook", "http://127.0.0.1:9/hook"])
    assert result.exit_code == 1
    assert "no webhook secret" in result.output
    assert "--unsigned" in result.output


def test_notify_command_refuses_missing_secret_env(monkeypatch):
    monkeypatch.setenv("STRIKEWIRE_WEBHOOK_SECRET", "x")
    monkeypatch.delenv("NO_SUCH_HOOK_SECRET", raising=False)
    result = CliRunner().invoke(
        notify_command, ["--webhook", "http://127.0.0.1:9/hook", "--secret-env", "NO_SUCH_HOOK_SECRET"]
    )
    assert result.exit_code == 1
    assert "NO_SUCH_HOOK_SECRET" in result.output


def test_notify_command_rejects_non_http_url(monkeypatch):
    monkeypatch.setenv("STRIKEWIRE_WEBHOOK_SECRET", "x")
    result = CliRunner().invoke(notify_command, ["--webhook", "file:///etc/passwd"])
    assert result.exit_code == 1
    assert "http" in result.output

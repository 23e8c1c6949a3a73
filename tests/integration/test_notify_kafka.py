"""strikewire notify end to end: alerts on the embedded broker reach a local webhook, signed, once each."""

from __future__ import annotations

import asyncio

import pytest
from click.testing import CliRunner

from schemas import AlertLevel, encode
from streams import topics
from streams.broker import EmbeddedBroker, free_port
from streams.client import produce
from streams.notify import notify_command, verify
from streams.runtime import prepare_topics
from streams.settings import Settings
from tests.unit.test_streams_notify import SECRET, Hook, make_alert

pytestmark = pytest.mark.integration


def test_notify_kafka_forwards_alerts_from_the_topic(monkeypatch):
    port = free_port()
    settings = Settings(embedded_port=port)
    alerts = [
        make_alert(1, AlertLevel.INFO),
        make_alert(2, AlertLevel.WARNING),
        make_alert(2, AlertLevel.WARNING),
        make_alert(3, AlertLevel.CRITICAL),
    ]
    hook = Hook(script=[(503, {})]).start()
    try:
        with EmbeddedBroker(port=port):
            asyncio.run(prepare_topics(settings))
            records = [(a.pair.encode(), encode(a)) for a in alerts] + [(None, b"not an alert")]
            asyncio.run(produce(settings, topics.ALERTS, records))
            monkeypatch.setenv("STRIKEWIRE_EMBEDDED_PORT", str(port))
            monkeypatch.setenv("HOOK_SECRET", SECRET.decode())
            result = CliRunner().invoke(
                notify_command,
                [
                    "--webhook",
                    hook.url,
                    "--secret-env",
                    "HOOK_SECRET",
                    "--min-level",
                    "warning",
                    "--base-delay",
                    "0.01",
                    "--idle-exit",
                    "3",
                ],
            )
    finally:
        hook.stop()
    assert result.exit_code == 0, result.output
    keys = [r.headers["Idempotency-Key"] for r in hook.received]
    # v1 is below warning; v2 gets a 503 then succeeds; its redelivered copy is skipped; v3 goes once
    assert keys == ["alr-0123456789abcdef:2", "alr-0123456789abcdef:2", "alr-0123456789abcdef:3"]
    assert all(verify(r.body, SECRET, r.headers["X-Strikewire-Signature"]) for r in hook.received)
    assert "2 delivered" in result.stderr
    assert "1 duplicates skipped" in result.stderr
    assert "1 invalid" in result.stderr

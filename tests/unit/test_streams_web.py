"""The web side: dashboard state, the recent-records store, token checks and the HTTP views of a built app."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging

import pytest
from aiohttp.test_utils import TestClient, TestServer
from pydantic import SecretStr

from schemas import Alert, AlertLevel, EventRef, RuleHit
from streams.metrics import Metrics, PartitionLag
from streams.settings import Settings
from streams.web.logs import JsonFormatter, worker_logging_config
from streams.web.state import dashboard_state, event_view, fatalities_range
from streams.web.store import Recent
from streams.web.views import authorized, dashboard_html
from tests.unit.factories import event

NOW = dt.datetime(2024, 3, 5, 12, tzinfo=dt.UTC)


def alert(
    aid: str = "al-1", *, version: int = 1, level: AlertLevel = AlertLevel.WARNING, minutes: int = 0
) -> Alert:
    return Alert(
        id=aid,
        version=version,
        dyad="IRN>PAK",
        pair="IRN-PAK",
        level=level,
        score=3.5,
        rules=(
            RuleHit(rule="strike", score=1.0, reason="an air strike across the border"),
            RuleHit(rule="retaliation", score=2.5, reason="Pakistan answered within 48 hours"),
        ),
        events=(EventRef(id="e1", version=1),),
        outlets=("a.example", "b.example"),
        summary="IRN-PAK tit-for-tat",
        created_at=NOW,
        updated_at=NOW + dt.timedelta(minutes=minutes),
    )


def test_web_recent_keeps_latest_version_per_id_and_is_bounded() -> None:
    recent: Recent[Alert] = Recent(limit=2)
    assert recent.add(alert("a", version=2))
    assert not recent.add(alert("a", version=1))  # a replayed older version is ignored
    assert recent.latest()[0].version == 2
    recent.add(alert("b"))
    recent.add(alert("c"))
    assert [a.id for a in recent.latest()] == ["c", "b"]
    assert len(recent) == 2


def test_web_fatalities_range_reads_like_the_terminal() -> None:
    assert fatalities_range(None, None) == "?"
    assert fatalities_range(3, 3) == "3"
    assert fatalities_range(3, None) == "3"
    assert fatalities_range(None, 7) == "≤7"
    assert fatalities_range(3, 7) == "3-7"


def test_web_event_view_has_what_the_dashboard_shows() -> None:
    view = event_view(event("e1", killed=4, outlets=("a.example", "b.example"), version=2))
    assert view["id"] == "e1" and view["version"] == 2
    assert view["sub_type"] == "Air/drone strike"
    assert view["dyad"] == "IRN>PAK"
    assert view["outlets"] == 2
    assert view["fatalities"]["text"] == "4"
    assert view["place"]["name"] == "Panjgur"
    assert view["place"]["lat"] is not None and view["place"]["lon"] is not None
    json.dumps(view)


def test_web_dashboard_state_summarises_stages_lag_events_and_alerts() -> None:
    m = Metrics(started=0.0)
    m.inc("messages_in", "validate", 10)
    m.inc("messages_out", "validate", 9)
    m.inc("dead_letters", "malformed_json")
    m.inc("events_created", "", 3)
    m.inc("alerts", "critical", 2)
    m.observe("stage_latency_seconds", "validate", 0.5)
    m.observe("ingestion_latency_seconds", "event", 2.0)
    state = dashboard_state(
        m,
        [event("e1")],
        [alert("w", level=AlertLevel.WARNING, minutes=5), alert("c", level=AlertLevel.CRITICAL)],
        [PartitionLag("mentions", 1, 8, 5), PartitionLag("articles.raw", 0, 3, 3)],
        ready=True,
        now=100.0,
        monotonic=1.0,
    )
    json.dumps(state)
    assert [s["stage"] for s in state["stages"]] == ["validate", "extract", "dedup", "escalate"]
    assert state["stages"][0]["in"] == 10 and state["stages"][0]["out"] == 9
    assert state["stages"][0]["latency"]["p50"] == 0.5
    assert state["latency"]["ingestion_to_event"]["count"] == 1
    assert state["latency"]["publication_to_alert"]["count"] == 0
    assert state["dead_letters"] == {"total": 1, "by_reason": {"malformed_json": 1}}
    assert state["alerts_by_level"] == {"critical": 2}
    assert [p["topic"] for p in state["lag"]] == ["articles.raw", "mentions"]
    assert state["lag"][1]["lag"] == 3
    assert [a["id"] for a in state["alerts"]] == ["c", "w"]  # critical first
    assert state["alerts"][0]["reasons"][0] == "Pakistan answered within 48 hours"  # strongest first
    assert state["uptime"] == 100.0


def test_web_authorized_checks_bearer_header_or_query_token() -> None:
    assert authorized(None, None, None)
    assert authorized("s", "Bearer s", None)
    assert authorized("s", "bearer s", None)
    assert authorized("s", None, "s")
    assert not authorized("s", None, None)
    assert not authorized("s", "Bearer t", None)
    assert not authorized("s", "Basic s", None)


def test_web_dashboard_html_is_self_contained() -> None:
    html = dashboard_html()
    assert "/*LAND*/null" not in html  # the land grid is inlined
    assert '"cells":[' in html
    lowered = html.lower()
    for external in ("http://", "https://", "//cdn", "@import", "<link"):
        assert external not in lowered.replace("http://www.w3.org/2000/svg", ""), external
    assert 'fetch("/api/state"' in html
    assert 'id="events"' in html and 'id="alerts"' in html and 'id="lag"' in html


def test_web_json_formatter_writes_one_json_object_per_line() -> None:
    record = logging.LogRecord("strikewire.x", logging.WARNING, __file__, 1, "hello %s", ("world",), None)
    record.partition = 3
    line = JsonFormatter().format(record)
    data = json.loads(line)
    assert "\n" not in line
    assert data["msg"] == "hello world" and data["level"] == "warning" and data["logger"] == "strikewire.x"
    assert data["partition"] == 3
    try:
        raise ValueError("boom")
    except ValueError:
        import sys

        record.exc_info = sys.exc_info()
    assert "ValueError: boom" in json.loads(JsonFormatter().format(record))["exc"]
    config = worker_logging_config("info")
    assert config["handlers"]["default"]["formatter"] == "json" and config["merge"] is True


@pytest.fixture
async def client():
    from streams.app import create_app

    app = create_app(Settings(web_token=SecretStr("s3cret")))
    app.strikewire.metrics.inc("messages_in", "validate", 7)
    app.strikewire.recent.events.add(event("e1"))
    app.strikewire.recent.alerts.add(alert("a1"))
    test_client = TestClient(TestServer(app.web.web_app))
    await test_client.start_server()
    try:
        yield test_client
    finally:
        await test_client.close()


async def test_web_views_serve_health_ready_metrics_state_and_dashboard(client: TestClient) -> None:
    auth = {"Authorization": "Bearer s3cret"}
    health = await client.get("/health")
    assert health.status == 200 and (await health.json())["status"] == "ok"
    ready = await client.get("/ready", headers=auth)
    assert ready.status == 503  # the app was built, not started: no consumer, no assignment
    assert (await ready.json())["ready"] is False
    metrics = await client.get("/metrics", headers=auth)
    assert metrics.status == 200
    assert metrics.headers["Content-Type"].startswith("text/plain; version=0.0.4")
    assert 'strikewire_messages_in_total{stage="validate"} 7' in await metrics.text()
    state = await (await client.get("/api/state", headers=auth)).json()
    assert state["events"][0]["id"] == "e1" and state["alerts"][0]["id"] == "a1"
    for path in ("/", "/dashboard"):
        page = await client.get(path + "?token=s3cret")
        assert page.status == 200 and "text/html" in page.headers["Content-Type"]
        assert "strike<span>wire</span>" in await page.text()


async def test_web_views_require_the_token_except_health(client: TestClient) -> None:
    for path in ("/", "/dashboard", "/api/state", "/metrics", "/ready"):
        response = await client.get(path)
        assert response.status == 401, path
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
        assert (await client.get(path, headers={"Authorization": "Bearer wrong"})).status == 401
    assert (await client.get("/health")).status == 200


def test_web_store_forgets_events_merged_into_another():
    @dataclasses.dataclass
    class Rec:
        id: str
        version: int
        superseded_by: str | None = None

    recent: Recent[Rec] = Recent(limit=5)
    recent.add(Rec("a", 1))
    recent.add(Rec("b", 1))
    recent.add(Rec("b", 2, superseded_by="a"))
    assert [r.id for r in recent.latest()] == ["a"]


def test_repeat_filter_lets_one_line_per_window_through_and_counts_the_rest():
    import logging

    from streams.web.logs import RepeatFilter

    now = [0.0]
    repeat = RepeatFilter(window=10, clock=lambda: now[0])

    def rec(msg: str, level: int = logging.ERROR) -> logging.LogRecord:
        return logging.LogRecord("aiokafka", level, "x.py", 1, msg, None, None)

    assert repeat.filter(rec("Unable connect to %s"))
    assert not any(repeat.filter(rec("Unable connect to %s")) for _ in range(99))
    assert repeat.filter(rec("another problem"))  # a different template passes
    assert repeat.filter(rec("debug chatter", logging.INFO))
    now[0] = 10.5
    again = rec("Unable connect to %s")
    assert repeat.filter(again) and "99 similar lines suppressed" in again.msg

"""The dashboard in a real headless Chromium while the demo articles flow through a real worker.

Needs Debian's ``chromium`` package (``apt-get install -y chromium``); skipped with a message when absent.
Also checks ``/health``, ``/ready`` and ``/metrics`` of the running worker, and refreshes
``docs/dashboard.png``.
"""

from __future__ import annotations

import asyncio
import re
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from streams.client import produce
from streams.demo import Outcome
from streams.inputs import read_records
from tests.conftest import DEMO_ARTICLES, REPO

pytestmark = [pytest.mark.integration, pytest.mark.slow]

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOT = REPO / "docs" / "dashboard.png"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
]

EVENT_ROW = re.compile(r'<tr class="event-row" data-event-id="([^"]+)"')
ALERT_ITEM = re.compile(r'<li class="alert (info|warning|critical)" data-alert-id="([^"]+)"')


def http_get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()
    except OSError as exc:
        return 0, repr(exc)


def chromium(profile: Path, *args: str, timeout: float = 90.0) -> str:
    """Run headless Chromium once; returns its stdout (the DOM for ``--dump-dom``)."""
    done = subprocess.run(
        [str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert done.returncode == 0, f"chromium failed ({done.returncode}):\n{done.stderr[-2000:]}"
    return done.stdout


@pytest.fixture(scope="module")
def browser() -> Path:
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed at /usr/bin/chromium (apt-get install -y chromium)")
    return CHROMIUM


def test_dashboard_shows_events_and_alerts_while_demo_flows(pipeline, browser, tmp_path) -> None:
    base = f"http://{pipeline.settings.web_host}:{pipeline.settings.web_port}"
    profile = tmp_path / "chromium-profile"

    assert http_get(base + "/health")[0] in (0, 200)
    deadline = time.monotonic() + 120
    while (ready := http_get(base + "/ready"))[0] != 200:
        assert pipeline.worker.alive(), f"worker exited:\n{pipeline.worker.tail(40)}"
        assert time.monotonic() < deadline, f"worker never became ready: {ready}\n{pipeline.worker.tail(40)}"
        time.sleep(1)
    assert http_get(base + "/health")[0] == 200

    records = list(read_records(DEMO_ARTICLES))
    asyncio.run(produce(pipeline.settings, "articles.raw", records))

    # Render the live page repeatedly while the pipeline works, until events and alerts are on it.
    events: set[str] = set()
    alerts: set[str] = set()
    dom = ""
    deadline = time.monotonic() + 180
    while not (events and alerts) and time.monotonic() < deadline:
        assert pipeline.worker.alive(), f"worker exited:\n{pipeline.worker.tail(40)}"
        dom = chromium(profile, "--virtual-time-budget=5000", "--dump-dom", base + "/dashboard")
        events = set(EVENT_ROW.findall(dom))
        alerts = {aid for _, aid in ALERT_ITEM.findall(dom)}
        if not (events and alerts):
            time.sleep(2)
    assert events, f"no events rendered; DOM tail:\n{dom[-3000:]}\nworker:\n{pipeline.worker.tail(40)}"
    assert alerts, f"no alerts rendered; DOM tail:\n{dom[-3000:]}"
    assert 'class="pill ok"' in dom  # the status pill says ready
    assert 'class="dot event-dot"' in dom  # events drawn on the map
    assert re.search(r'<tr data-stage="validate"><td>validate</td><td class="num">[1-9]', dom)

    # Let the demo finish, then check the page against the outputs and take the screenshot.
    outcome = Outcome(articles=len(records))
    pipeline.drain(outcome)
    dom = chromium(profile, "--virtual-time-budget=5000", "--dump-dom", base + "/")
    rendered = set(EVENT_ROW.findall(dom))
    assert rendered == outcome.live_events, "the page lists every canonical event of the demo"
    assert {aid for _, aid in ALERT_ITEM.findall(dom)} == outcome.live_alerts
    assert '<span id="error"></span>' in dom  # no failed update shown

    status, metrics = http_get(base + "/metrics")
    assert status == 200
    created = int(re.search(r"^strikewire_events_created_total (\d+)$", metrics, re.M).group(1))
    assert created == len({eid for eid, _ in outcome.events})  # superseded ids were created too
    assert re.search(r'^strikewire_dead_letters_total\{reason="[a-z_]+"\} [1-9]', metrics, re.M)
    assert re.search(r'^strikewire_ingestion_latency_seconds_count\{output="alert"\} [1-9]', metrics, re.M)
    lags = re.findall(r'^strikewire_consumer_lag\{topic="([^"]+)",partition="\d+"\} (\d+)$', metrics, re.M)
    assert {"articles.raw", "mentions", "events.enriched"} <= {topic for topic, _ in lags}
    assert all(int(lag) == 0 for _, lag in lags), "drained: no lag left"

    SCREENSHOT.parent.mkdir(exist_ok=True)
    shot = tmp_path / "dashboard.png"
    chromium(
        profile, "--virtual-time-budget=5000", f"--screenshot={shot}", "--window-size=1400,1000", base + "/"
    )
    assert shot.stat().st_size > 20_000
    shutil.copyfile(shot, SCREENSHOT)

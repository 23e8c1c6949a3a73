"""`strikewire ingest` against the real embedded broker: files, feed URLs, progress and summary."""

from __future__ import annotations

import asyncio
import http.server
import threading

import pytest
from click.testing import CliRunner

from streams import topics
from streams.broker import EmbeddedBroker, free_port
from streams.cli import main
from streams.client import follow
from streams.settings import Settings
from tests.conftest import DEMO_ARTICLES, REPO

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def broker():
    with EmbeddedBroker(port=free_port()) as running:
        yield running


def records_on_raw(port: int) -> list[bytes]:
    async def collect() -> list[bytes]:
        settings = Settings(embedded_port=port)
        return [r.value async for r in follow(settings, [topics.ARTICLES_RAW], idle_timeout=1.5)]

    return asyncio.run(collect())


def test_ingest_feed_url_and_jsonl_file(broker, monkeypatch):
    monkeypatch.setenv("STRIKEWIRE_EMBEDDED_PORT", str(broker.port))
    feed = (REPO / "tests" / "fixtures" / "feeds" / "wire.rss").read_bytes()

    class Feed(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.end_headers()
            self.wfile.write(feed)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Feed)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/feed.rss"
        result = CliRunner().invoke(main, ["ingest", url])
    finally:
        server.shutdown()
    assert result.exit_code == 0, result.output
    assert "sent 2, rejected 0 of 2 records" in result.output

    result = CliRunner().invoke(main, ["ingest", str(DEMO_ARTICLES)])
    assert result.exit_code == 0, result.output
    lines = [line for line in DEMO_ARTICLES.read_bytes().splitlines() if line.strip()]
    assert f"sent {len(lines)}, rejected 0 of {len(lines)} records" in result.output
    values = records_on_raw(broker.port)
    assert len(values) == 2 + len(lines)
    assert set(lines) <= set(values)


def test_ingest_unreachable_url_is_one_clear_line(broker, monkeypatch):
    monkeypatch.setenv("STRIKEWIRE_EMBEDDED_PORT", str(broker.port))
    result = CliRunner().invoke(main, ["ingest", f"http://127.0.0.1:{free_port()}/feed", "--timeout", "2"])
    assert result.exit_code == 1
    assert result.output.startswith("strikewire: cannot fetch http://127.0.0.1:")
    assert result.output.count("\n") == 1

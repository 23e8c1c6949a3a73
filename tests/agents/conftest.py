"""An app built by the real factory, with every send captured instead of produced."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

import pytest

from streams.app import create_app
from streams.settings import Settings


@dataclass
class Sent:
    """Records the agents sent, by topic name."""

    records: list[tuple[str, bytes | None, Any]] = field(default_factory=list)
    waits: list[str] = field(default_factory=list)
    """The tables whose changelog writes an agent waited for, in order (nothing is produced here)."""

    async def __call__(self, topic: Any, key: bytes | None, value: Any) -> None:
        self.records.append((topic.get_topic_name(), key, value))

    async def written(self, table: Any) -> None:
        self.waits.append(table.name)

    def on(self, topic: str) -> list[Any]:
        return [value for name, _, value in self.records if name == topic]

    def keys(self, topic: str) -> list[bytes | None]:
        return [key for name, key, _ in self.records if name == topic]

    async def settle(self, count: int, timeout: float = 10.0) -> None:
        """Wait until at least ``count`` records were sent (agents run concurrently with the test)."""
        async with asyncio.timeout(timeout):
            while len(self.records) < count:  # noqa: ASYNC110 - agents append from their own tasks
                await asyncio.sleep(0.01)


@pytest.fixture
def sent() -> Sent:
    return Sent()


@pytest.fixture
def app(sent):
    app = create_app(Settings(), send=sent, web_enabled=False)
    app.strikewire.written = sent.written
    return app

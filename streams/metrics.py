"""In-process counters of one worker: messages per stage, dead letters by reason, events and alerts."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

__all__ = ["Metrics"]


@dataclass
class Metrics:
    """Monotonic counters keyed by (name, label); cheap enough to bump on every message."""

    counts: Counter[tuple[str, str]] = field(default_factory=Counter)

    def inc(self, name: str, label: str = "", by: int = 1) -> None:
        self.counts[(name, label)] += by

    def get(self, name: str, label: str = "") -> int:
        return self.counts[(name, label)]

    def total(self, name: str) -> int:
        """Sum of a counter over all its labels."""
        return sum(value for (key, _), value in self.counts.items() if key == name)

    def snapshot(self) -> dict[str, dict[str, int]]:
        """Counters grouped by name, for logs and the web page."""
        out: dict[str, dict[str, int]] = {}
        for (name, label), value in sorted(self.counts.items()):
            out.setdefault(name, {})[label] = value
        return out
